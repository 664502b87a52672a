#ifndef CW_ENGINE_H
#define CW_ENGINE_H
/*
 * The engine: compiler settings plus the instance allocator. Thread-safe; one per process.
 * Internally reference-counted: wasmtime_engine_clone returns another owned handle to the same
 * engine, and each handle is released with wasm_engine_delete.
 */
#include "cw_base.h"

/* Creates an owned engine; TAKES OWNERSHIP of `config` (do not delete it afterwards). */
CW_API wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *config);
CW_API void wasm_engine_delete(wasm_engine_t *engine);
/* A new owned handle to the same engine. */
CW_API wasm_engine_t *wasmtime_engine_clone(const wasm_engine_t *engine);
/* Advances the engine's epoch by one; thread-safe (the epoch ticker thread calls it). */
CW_API void wasmtime_engine_increment_epoch(const wasm_engine_t *engine);

#endif
