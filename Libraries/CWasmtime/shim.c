/*
 * CWasmtime has nothing Swift cannot call directly; this file pins the hand-written layouts to
 * the ones measured against the pinned library (x86_64 and aarch64 Linux, LP64). A mismatch stops
 * the build instead of corrupting memory at run time. WasmHostTests repeats the checks from
 * Swift (MemoryLayout) for every struct and union declared in include/.
 */
#include <stdalign.h>
#include "CWasmtime.h"

#define CW_LAYOUT(type, size, align)                                            \
    _Static_assert(sizeof(type) == (size), "size of " #type);                   \
    _Static_assert(alignof(type) == (align), "alignment of " #type)
#define CW_OFFSET(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), "offset of " #type "." #field)

CW_LAYOUT(wasm_byte_vec_t, 16, 8);
CW_OFFSET(wasm_byte_vec_t, size, 0);
CW_OFFSET(wasm_byte_vec_t, data, 8);
CW_LAYOUT(wasm_valtype_vec_t, 16, 8);
CW_OFFSET(wasm_valtype_vec_t, data, 8);
CW_LAYOUT(wasm_importtype_vec_t, 16, 8);
CW_OFFSET(wasm_importtype_vec_t, data, 8);
CW_LAYOUT(wasm_exporttype_vec_t, 16, 8);
CW_OFFSET(wasm_exporttype_vec_t, data, 8);

CW_LAYOUT(wasmtime_v128, 16, 1);
CW_LAYOUT(wasmtime_func_t, 16, 8);
CW_OFFSET(wasmtime_func_t, private_index, 8);
CW_LAYOUT(wasmtime_store_slot_t, 16, 8);
CW_OFFSET(wasmtime_store_slot_t, private_index, 8);
CW_LAYOUT(wasmtime_memory_t, 24, 8);
CW_OFFSET(wasmtime_memory_t, private_instance, 16);
CW_LAYOUT(wasmtime_table_t, 24, 8);
CW_OFFSET(wasmtime_table_t, private_instance, 16);
CW_LAYOUT(wasmtime_tag_t, 24, 8);
CW_OFFSET(wasmtime_tag_t, private_instance, 16);
CW_LAYOUT(wasmtime_global_t, 24, 8);
CW_OFFSET(wasmtime_global_t, private_3, 16);
CW_LAYOUT(wasmtime_instance_t, 16, 8);
CW_OFFSET(wasmtime_instance_t, private_index, 8);
CW_LAYOUT(wasmtime_anyref_t, 24, 8);
CW_OFFSET(wasmtime_anyref_t, private_3, 16);
CW_LAYOUT(wasmtime_externref_t, 24, 8);
CW_OFFSET(wasmtime_externref_t, private_3, 16);
CW_LAYOUT(wasmtime_exnref_t, 24, 8);
CW_OFFSET(wasmtime_exnref_t, private_3, 16);
CW_LAYOUT(wasmtime_valunion_t, 24, 8);
CW_LAYOUT(wasmtime_val_t, 32, 8);
CW_OFFSET(wasmtime_val_t, of, 8);
CW_LAYOUT(wasmtime_val_raw_t, 16, 8);
CW_LAYOUT(wasmtime_extern_union_t, 24, 8);
CW_LAYOUT(wasmtime_extern_t, 32, 8);
CW_OFFSET(wasmtime_extern_t, of, 8);
