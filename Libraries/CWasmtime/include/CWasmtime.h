#ifndef C_WASMTIME_H
#define C_WASMTIME_H
/*
 * The project's own declarations of the part of the Wasmtime v50 C API that the platform uses.
 *
 * The pinned library (PyPI wheel wasmtime==50.0.1, installed as .deps/wasmtime/lib/libwasmtime.so)
 * ships no headers. Every declaration here was written from
 * ../shared/reference/wasmtime-c-api-v50.md, which was checked against that library; nothing is
 * copied from upstream. One header per concept, mirroring the library's own split:
 *
 *   cw_base.h    scalar typedefs, enum constants, opaque handles, byte and pointer vectors
 *   cw_val.h     value unions and the store-scoped item structs (func, memory, instance, extern)
 *   cw_error.h   wasmtime_error_t and wasm_trap_t (API misuse vs guest traps)
 *   cw_config.h  wasm_config_t setters and the pooling allocator
 *   cw_engine.h  engine lifetime and epochs
 *   cw_types.h   value types, function types, import/export descriptors
 *   cw_module.h  compile, validate, serialize, deserialize, imports/exports, wat2wasm
 *   cw_store.h   store, context, limiter, fuel, epoch deadline
 *   cw_linker.h  linker, host functions, caller, instance-pre
 *   cw_func.h    calls, instance exports, linear memory access
 *
 * Every function is declared with CW_API so that a test can list them from these files and
 * check that each symbol resolves in the pinned library. Every struct and union is checked for
 * size and alignment in shim.c (_Static_assert) and in WasmHostTests (MemoryLayout).
 * Ownership is stated on each declaration: "owned" results must be released by the caller with
 * the named *_delete function; "borrowed" results live as long as their parent.
 */
#include "cw_base.h"
#include "cw_val.h"
#include "cw_error.h"
#include "cw_config.h"
#include "cw_engine.h"
#include "cw_types.h"
#include "cw_module.h"
#include "cw_store.h"
#include "cw_linker.h"
#include "cw_func.h"
#endif
