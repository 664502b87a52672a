#ifndef CW_STORE_H
#define CW_STORE_H
/*
 * Stores: the unit of isolation for one execution. A store owns every instance, memory and
 * value created in it; deleting it frees them all (and returns their pool slots). A store is
 * NOT thread-safe: use it from one thread at a time. The context is a borrowed view of the store
 * valid as long as the store.
 *
 * Pitfalls of this library build (observed, see the reference):
 *  - with epoch interruption on, a new store's deadline has already passed: wasm traps with
 *    INTERRUPT on the first function entry until wasmtime_context_set_epoch_deadline is called;
 *  - with fuel on, a new store has 0 fuel and traps with OUT_OF_FUEL until fuel is set.
 */
#include "cw_base.h"

/* Creates an owned store; `data` is returned by wasmtime_context_get_data and passed to
   `finalizer` (may be NULL) when the store is deleted. */
CW_API wasmtime_store_t *wasmtime_store_new(wasm_engine_t *engine, void *data, void (*finalizer)(void *));
CW_API void wasmtime_store_delete(wasmtime_store_t *store);
/* The store's borrowed context. */
CW_API wasmtime_context_t *wasmtime_store_context(wasmtime_store_t *store);
CW_API void *wasmtime_context_get_data(const wasmtime_context_t *context);
CW_API void wasmtime_context_set_data(wasmtime_context_t *context, void *data);

/* Caps future growth: memory_size in bytes (a guest memory.grow past it returns -1, it does
   not trap), table elements, and counts of instances, tables and memories (instantiation past
   them fails). A negative value keeps the default. */
CW_API void wasmtime_store_limiter(wasmtime_store_t *store, int64_t memory_size, int64_t table_elements,
                                   int64_t instances, int64_t tables, int64_t memories);

/* Fuel: an error is returned when the engine was not configured to consume fuel. */
CW_API wasmtime_error_t *wasmtime_context_set_fuel(wasmtime_context_t *context, uint64_t fuel);
CW_API wasmtime_error_t *wasmtime_context_get_fuel(const wasmtime_context_t *context, uint64_t *fuel);

/* Wasm traps with INTERRUPT once the engine epoch reaches current + ticks_beyond_current
   (or, with a deadline callback installed, calls the callback instead). */
CW_API void wasmtime_context_set_epoch_deadline(wasmtime_context_t *context, uint64_t ticks_beyond_current);

/* What a deadline callback asks for (wasmtime_update_deadline_kind_t). YIELD needs async. */
typedef uint8_t wasmtime_update_deadline_kind_t;
static const wasmtime_update_deadline_kind_t WASMTIME_UPDATE_DEADLINE_CONTINUE = 0;
static const wasmtime_update_deadline_kind_t WASMTIME_UPDATE_DEADLINE_YIELD = 1;

/* Called on the store's thread when its epoch deadline is reached. Return NULL after setting
   *epoch_deadline_delta (ticks from now) and *update_kind to continue, or an owned error to stop
   the guest: the error reaches the caller of wasmtime_func_call as a wasmtime_error_t, not a trap. */
typedef wasmtime_error_t *(*wasmtime_epoch_deadline_callback_t)(wasmtime_context_t *context, void *data,
                                                                uint64_t *epoch_deadline_delta,
                                                                wasmtime_update_deadline_kind_t *update_kind);

/* Installs the store's deadline callback; `finalizer` (may be NULL) gets `data` when the store
   is deleted or the callback replaced. */
CW_API void wasmtime_store_epoch_deadline_callback(wasmtime_store_t *store, wasmtime_epoch_deadline_callback_t callback,
                                                   void *data, void (*finalizer)(void *));

#endif
