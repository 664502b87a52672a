#ifndef CW_ERROR_H
#define CW_ERROR_H
/*
 * Two failure channels, kept apart on purpose:
 *  - wasmtime_error_t: API misuse and host-side failures (bad module bytes, link errors, pool
 *    exhaustion, a type mismatch in a call, an error returned by a host callback).
 *  - wasm_trap_t: the guest trapped (unreachable, out of bounds, interrupt, out of fuel, ...),
 *    with a stable wasmtime_trap_code_t where one applies.
 * Both are owned by whoever receives them and must be deleted exactly once.
 */
#include "cw_base.h"

/* Creates an owned error with the given NUL-terminated message. */
CW_API wasmtime_error_t *wasmtime_error_new(const char *message);
/* Writes the error's description (Debug form, may span lines; NOT NUL-terminated) into `message`,
   which the caller owns and releases with wasm_byte_vec_delete. */
CW_API void wasmtime_error_message(const wasmtime_error_t *error, wasm_name_t *message);
/* Deletes an owned error. */
CW_API void wasmtime_error_delete(wasmtime_error_t *error);

/* Creates an owned trap with a message (not NUL-terminated input). Returned from a host
   callback it reaches the caller of wasmtime_func_call as a wasmtime_error_t, not a trap. */
CW_API wasm_trap_t *wasmtime_trap_new(const char *message, size_t message_len);
/* Creates an owned trap with the given code; it reaches the caller as a trap with that code. */
CW_API wasm_trap_t *wasmtime_trap_new_code(wasmtime_trap_code_t code);
/* Writes the trap's description into `out` (caller-owned; its size INCLUDES a trailing NUL). */
CW_API void wasm_trap_message(const wasm_trap_t *trap, wasm_message_t *out);
/* Reads the trap code; returns false when the trap has none (e.g. made by wasmtime_trap_new). */
CW_API bool wasmtime_trap_code(const wasm_trap_t *trap, wasmtime_trap_code_t *code);
/* Deletes an owned trap. */
CW_API void wasm_trap_delete(wasm_trap_t *trap);

#endif
