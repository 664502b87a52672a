#ifndef CW_LINKER_H
#define CW_LINKER_H
/*
 * Linker, host functions and pre-instantiation.
 *
 * A linker holds store-independent definitions (here: host functions). Defining is not
 * thread-safe; instantiate_pre only reads the linker. Host function data (`data`) is released
 * by `finalizer` when the last definition referring to it goes away (the linker and every
 * instance-pre made from it).
 *
 * An instance-pre is a module with all imports resolved; it is immutable and thread-safe and
 * makes a per-request instantiation cheap. Owned; release with wasmtime_instance_pre_delete.
 */
#include "cw_base.h"
#include "cw_val.h"

/* Host callback, checked form: typed argument and result arrays. */
typedef wasm_trap_t *(*wasmtime_func_callback_t)(void *env, wasmtime_caller_t *caller, const wasmtime_val_t *args,
                                                 size_t nargs, wasmtime_val_t *results, size_t nresults);
/* Host callback, unchecked form: one buffer of max(params, results) raw slots; the arguments are
   read from it and the results are written over it from index 0. Returning NULL means success;
   an owned trap stops the guest. */
typedef wasm_trap_t *(*wasmtime_func_unchecked_callback_t)(void *env, wasmtime_caller_t *caller,
                                                           wasmtime_val_raw_t *args_and_results,
                                                           size_t num_args_and_results);

CW_API wasmtime_linker_t *wasmtime_linker_new(wasm_engine_t *engine);
CW_API void wasmtime_linker_delete(wasmtime_linker_t *linker);
/* Defines module.name as a host function of type `type` (NOT consumed: delete it yourself).
   Names are byte ranges, not NUL-terminated. */
CW_API wasmtime_error_t *wasmtime_linker_define_func(wasmtime_linker_t *linker, const char *module,
                                                     size_t module_len, const char *name, size_t name_len,
                                                     const wasm_functype_t *type, wasmtime_func_callback_t callback,
                                                     void *data, void (*finalizer)(void *));
CW_API wasmtime_error_t *wasmtime_linker_define_func_unchecked(wasmtime_linker_t *linker, const char *module,
                                                               size_t module_len, const char *name,
                                                               size_t name_len, const wasm_functype_t *type,
                                                               wasmtime_func_unchecked_callback_t callback,
                                                               void *data, void (*finalizer)(void *));
/* Resolves every import of `module` against the linker; fails with an error naming the first
   missing or mistyped import. Writes an owned instance-pre to *instance_pre. */
CW_API wasmtime_error_t *wasmtime_linker_instantiate_pre(const wasmtime_linker_t *linker,
                                                         const wasmtime_module_t *module,
                                                         wasmtime_instance_pre_t **instance_pre);
/* Instantiates into `context`. Exactly one outcome: success (NULL returned, *trap NULL,
   *instance written); the start function trapped (NULL returned, owned *trap); or another failure
   such as pool exhaustion or a store limit (owned error returned). */
CW_API wasmtime_error_t *wasmtime_instance_pre_instantiate(const wasmtime_instance_pre_t *instance_pre,
                                                           wasmtime_context_t *context,
                                                           wasmtime_instance_t *instance, wasm_trap_t **trap);
CW_API void wasmtime_instance_pre_delete(wasmtime_instance_pre_t *instance_pre);

/* Inside a host callback: the calling instance's export `name` (documented for memories), written
   to *item; false when absent. The caller and its context are borrowed for the callback only. */
CW_API bool wasmtime_caller_export_get(wasmtime_caller_t *caller, const char *name, size_t name_len,
                                       wasmtime_extern_t *item);
CW_API wasmtime_context_t *wasmtime_caller_context(wasmtime_caller_t *caller);

#endif
