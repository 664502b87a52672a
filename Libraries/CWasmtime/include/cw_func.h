#ifndef CW_FUNC_H
#define CW_FUNC_H
/*
 * Calling into an instance and reading its linear memory. All handles are store-scoped values
 * (see cw_val.h) used with the context of the store that owns them.
 */
#include "cw_base.h"
#include "cw_val.h"

/* The export `name` of `instance`, written to *item (owned; see wasmtime_extern_delete); false
   when absent. */
CW_API bool wasmtime_instance_export_get(wasmtime_context_t *context, const wasmtime_instance_t *instance,
                                         const char *name, size_t name_len, wasmtime_extern_t *item);

/* Calls `func`, checking argument and result types. Exactly one outcome: an owned error is
   returned (wrong arity or types, an error or wasmtime_trap_new from a host callback); or NULL is
   returned with an owned *trap (the guest trapped); or both are NULL and `results` (exactly
   nresults slots) are written. */
CW_API wasmtime_error_t *wasmtime_func_call(wasmtime_context_t *context, const wasmtime_func_t *func,
                                            const wasmtime_val_t *args, size_t nargs, wasmtime_val_t *results,
                                            size_t nresults, wasm_trap_t **trap);
/* Unchecked form: the caller guarantees the types; the buffer holds max(params, results) slots,
   arguments in, results out from index 0. Same outcomes as wasmtime_func_call. */
CW_API wasmtime_error_t *wasmtime_func_call_unchecked(wasmtime_context_t *context, const wasmtime_func_t *func,
                                                      wasmtime_val_raw_t *args_and_results,
                                                      size_t args_and_results_len, wasm_trap_t **trap);

/* Linear memory: base pointer (valid until the memory next grows), size in bytes, size in pages. */
CW_API uint8_t *wasmtime_memory_data(const wasmtime_context_t *context, const wasmtime_memory_t *memory);
CW_API size_t wasmtime_memory_data_size(const wasmtime_context_t *context, const wasmtime_memory_t *memory);
CW_API uint64_t wasmtime_memory_size(const wasmtime_context_t *context, const wasmtime_memory_t *memory);
/* Grows by delta pages from the host; fails with an error past the store limiter's cap. */
CW_API wasmtime_error_t *wasmtime_memory_grow(wasmtime_context_t *context, const wasmtime_memory_t *memory,
                                              uint64_t delta, uint64_t *prev_size);

#endif
