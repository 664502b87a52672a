/*
 * alga.h — C SDK for the Alga guest ABI wasm@1 (docs/guest-abi.md is the contract).
 *
 * Freestanding: needs no libc. Compile with
 *   clang --target=wasm32-unknown-unknown -ffreestanding -nostdlib -O2 -I sdk/guest-c -c guest.c
 * and link with sdk/guest-c/alga.c + alga_json.c (helpers) and alga_runtime.c (memcpy, malloc, ...):
 *   wasm-ld --no-entry --stack-first guest.o alga.o alga_json.o alga_runtime.o -o main.wasm
 *
 * Ownership: every pointer passed to an import is borrowed for the duration of the call; the host
 * copies what it keeps. Results (handles) are owned by the guest until alga_result_free or the end
 * of the execution. All functions return >= 0 on success and a negative ALGA_ERR_* code on failure
 * unless stated otherwise.
 */
#ifndef ALGA_H
#define ALGA_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ exports */

/* Marks a function as a module export with the given name. */
#define ALGA_EXPORT(name) __attribute__((export_name(name), visibility("default")))

/* Defines the ABI marker export `alga_abi_v1` (required; the host never calls it). Use once. */
#define ALGA_ABI_V1 ALGA_EXPORT("alga_abi_v1") void alga_abi_v1(void) {}

/* The handler every guest defines:  ALGA_EXPORT("alga_handle") int32_t alga_handle(void) { ... }
 * Return 0 when the response is complete; anything else reports a guest failure. */

/* -------------------------------------------------------------- error codes */

enum {
    ALGA_OK = 0,
    ALGA_ERR_DENIED = -1,            /* capability not granted to the install */
    ALGA_ERR_NOT_FOUND = -2,         /* secret, storage key or error detail absent */
    ALGA_ERR_INVALID_ARGUMENT = -3,  /* bad pointer/length/handle, invalid UTF-8, bad name or value */
    ALGA_ERR_TOO_LARGE = -4,         /* one argument or produced value over its size limit */
    ALGA_ERR_LIMIT_EXCEEDED = -5,    /* a per-execution budget or quota is used up */
    ALGA_ERR_CONFLICT = -6,          /* storage revision mismatch */
    ALGA_ERR_UNAVAILABLE = -7,       /* granted, but the backend cannot serve now */
    ALGA_ERR_TIMEOUT = -8,           /* outbound operation timed out */
    ALGA_ERR_INTERNAL = -9,          /* host-side failure */
    ALGA_ERR_INVALID_STATE = -10,    /* call not allowed now (e.g. header after body) */
    ALGA_ERR_FORBIDDEN = -11,        /* policy refuses this target (egress, host-owned header) */
};

/* Log levels for alga_log_write. */
enum { ALGA_LOG_DEBUG = 0, ALGA_LOG_INFO = 1, ALGA_LOG_WARN = 2, ALGA_LOG_ERROR = 3 };

/* Metric kinds for alga_metrics_emit. */
enum { ALGA_METRIC_COUNTER = 0, ALGA_METRIC_GAUGE = 1, ALGA_METRIC_HISTOGRAM = 2 };

/* Storage expected-revision values (n >= 1 means "must be revision n"). */
#define ALGA_REVISION_ANY ((int64_t)-1)
#define ALGA_REVISION_ABSENT ((int64_t)0)

/* ------------------------------------------------------------------ imports */

#define ALGA_IMPORT(n) __attribute__((import_module("alga"), import_name(n)))

/* Request (always available). Each returns a result handle. */
ALGA_IMPORT("request.head") int32_t alga_request_head(void);   /* JSON head, docs §4.1 */
ALGA_IMPORT("request.body") int32_t alga_request_body(void);   /* raw body bytes */

/* Response (always available): head state -> body state (first non-empty write) -> finished. */
ALGA_IMPORT("response.set_status") int32_t alga_response_set_status(int32_t status);
ALGA_IMPORT("response.add_header")
int32_t alga_response_add_header(const void *name, uint32_t name_len, const void *value, uint32_t value_len);
ALGA_IMPORT("response.write") int32_t alga_response_write(const void *ptr, uint32_t len);
ALGA_IMPORT("response.finish") int32_t alga_response_finish(void);

/* Results: host-held bytes the guest copies from. */
ALGA_IMPORT("result.len") int32_t alga_result_len(int32_t handle);
ALGA_IMPORT("result.read") int32_t alga_result_read(int32_t handle, int32_t offset, void *ptr, uint32_t cap);
ALGA_IMPORT("result.free") int32_t alga_result_free(int32_t handle);

/* Human-readable reason of the most recent failed call (result handle) or ALGA_ERR_NOT_FOUND. */
ALGA_IMPORT("error.last") int32_t alga_error_last(void);

/* Context JSON (grant context.read), docs §4.5. */
ALGA_IMPORT("context.get") int32_t alga_context_get(void);

/* Clock and randomness (always available). */
ALGA_IMPORT("clock.wall_ns") int64_t alga_clock_wall_ns(void);
ALGA_IMPORT("clock.monotonic_ns") int64_t alga_clock_monotonic_ns(void);
ALGA_IMPORT("random.fill") int32_t alga_random_fill(void *ptr, uint32_t len);

/* Logging (grant log). Returns 0, or 1 when the message was truncated to 4096 bytes. */
ALGA_IMPORT("log.write") int32_t alga_log_write(int32_t level, const void *msg, uint32_t len);

/* Metrics (grant metrics). labels: JSON object of string values, or len 0. */
ALGA_IMPORT("metrics.emit")
int32_t alga_metrics_emit(int32_t kind, const void *name, uint32_t name_len, double value,
                          const void *labels, uint32_t labels_len);

/* Outbound HTTP (grant http.fetch). Returns the response head handle; body handle at *body_handle_out. */
ALGA_IMPORT("http.fetch")
int32_t alga_http_fetch(const void *head, uint32_t head_len, const void *body, uint32_t body_len,
                        uint32_t *body_handle_out);

/* Secrets (grant secrets.get). Returns a handle of the value bytes. */
ALGA_IMPORT("secrets.get") int32_t alga_secrets_get(const void *name, uint32_t name_len);

/* Key-value storage (grant storage.kv). */
ALGA_IMPORT("storage.get") int32_t alga_storage_get(const void *key, uint32_t key_len, uint64_t *revision_out);
ALGA_IMPORT("storage.put")
int32_t alga_storage_put(const void *key, uint32_t key_len, const void *value, uint32_t value_len,
                         int64_t expected_revision, uint64_t *revision_out);
ALGA_IMPORT("storage.delete") int32_t alga_storage_delete(const void *key, uint32_t key_len, int64_t expected_revision);
ALGA_IMPORT("storage.list")
int32_t alga_storage_list(const void *prefix, uint32_t prefix_len, const void *cursor, uint32_t cursor_len,
                          int32_t limit);

/* --------------------------------------- helpers (alga.c, alga_json.c) */

/* Stable snake_case name of an error code ("denied", ...; "unknown" for others). */
const char *alga_error_name(int32_t code);

/* Copies a whole result into buf (cap bytes) and frees the handle in every case. Returns the
 * length, ALGA_ERR_TOO_LARGE when it does not fit, or the error passed in as `handle` (< 0). */
int32_t alga_result_take(int32_t handle, void *buf, uint32_t cap);

/* Convenience over alga_result_take. The text variants NUL-terminate (need len + 1 bytes). */
int32_t alga_request_head_read(char *buf, uint32_t cap);
int32_t alga_request_body_read(void *buf, uint32_t cap);
int32_t alga_context_read(char *buf, uint32_t cap);
int32_t alga_error_last_read(char *buf, uint32_t cap);

/* NUL-terminated string conveniences. */
int32_t alga_response_add_header_str(const char *name, const char *value);
int32_t alga_response_write_str(const char *text);
int32_t alga_log_str(int32_t level, const char *text);

/* Top-level field lookup in a JSON object text (json, len). get_string decodes escapes into out
 * (NUL-terminated, returns the byte length); get_int reads an integer field. Errors:
 * ALGA_ERR_NOT_FOUND (no such field), ALGA_ERR_INVALID_ARGUMENT (malformed or other type),
 * ALGA_ERR_TOO_LARGE (out too small). */
int32_t alga_json_get_string(const char *json, uint32_t len, const char *key, char *out, uint32_t cap);
int32_t alga_json_get_int(const char *json, uint32_t len, const char *key, int64_t *out);

/* Appends `text` (len bytes) to out as JSON string contents (escaped, no quotes). Returns the
 * new length or ALGA_ERR_TOO_LARGE. */
int32_t alga_json_escape(char *out, uint32_t cap, uint32_t used, const char *text, uint32_t len);

/* Minimal snprintf: %s %d %u %x %c %% and %lld %llu (64-bit). Always NUL-terminates when cap > 0.
 * Returns the length written, or ALGA_ERR_TOO_LARGE when the output was cut. */
int32_t alga_format(char *out, uint32_t cap, const char *fmt, ...);
int32_t alga_vformat(char *out, uint32_t cap, const char *fmt, va_list args);

/* Copies a NUL-terminated string including the terminator; returns dst. */
char *alga_strcpy(char *dst, const char *src);

/* ------------------------------------------- libc subset (alga_runtime.c) */

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
void *malloc(size_t size);
void *calloc(size_t count, size_t size);
void *realloc(void *ptr, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size);
void free(void *ptr);
void arc4random_buf(void *buf, size_t n);   /* over random.fill; Embedded Swift's Hasher seeds with it */
int putchar(int c);                          /* line-buffered into log.write(info); Swift's print() */
void alga_runtime_flush(void);               /* writes a pending putchar line */

#ifdef __cplusplus
}
#endif

#endif /* ALGA_H */
