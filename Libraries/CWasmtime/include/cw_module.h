#ifndef CW_MODULE_H
#define CW_MODULE_H
/*
 * Compiled modules. A wasmtime_module_t is immutable, thread-safe and reference-counted inside
 * the library; each handle is owned and released with wasmtime_module_delete.
 * Every function returning wasmtime_error_t * returns NULL on success or an owned error.
 */
#include "cw_base.h"

/* Compiles `wasm` (binary, len bytes) into an owned module written to *ret. */
CW_API wasmtime_error_t *wasmtime_module_new(wasm_engine_t *engine, const uint8_t *wasm, size_t len,
                                             wasmtime_module_t **ret);
/* Validates without compiling. */
CW_API wasmtime_error_t *wasmtime_module_validate(wasm_engine_t *engine, const uint8_t *wasm, size_t len);
/* Writes the compiled artefact into *ret (caller-owned; release with wasm_byte_vec_delete). */
CW_API wasmtime_error_t *wasmtime_module_serialize(const wasmtime_module_t *module, wasm_byte_vec_t *ret);
/* Loads an artefact made by wasmtime_module_serialize with the same library version and
   compatible engine settings. The bytes are native code: pass only trusted artefacts. */
CW_API wasmtime_error_t *wasmtime_module_deserialize(wasm_engine_t *engine, const uint8_t *bytes, size_t len,
                                                     wasmtime_module_t **ret);
CW_API void wasmtime_module_delete(wasmtime_module_t *module);
/* Fills caller-owned vectors of descriptors (release with wasm_importtype_vec_delete /
   wasm_exporttype_vec_delete). */
CW_API void wasmtime_module_imports(const wasmtime_module_t *module, wasm_importtype_vec_t *out);
CW_API void wasmtime_module_exports(const wasmtime_module_t *module, wasm_exporttype_vec_t *out);

/* Converts the WebAssembly text format to binary into *ret (caller-owned byte vector). */
CW_API wasmtime_error_t *wasmtime_wat2wasm(const char *wat, size_t wat_len, wasm_byte_vec_t *ret);

#endif
