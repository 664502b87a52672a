/*
 * alga.c — helpers of the C SDK (declared in alga.h): result copying, string conveniences and a
 * minimal formatter (the JSON helpers are in alga_json.c).
 * No allocation: every helper writes into caller-provided buffers.
 */
#include "alga.h"

const char *alga_error_name(int32_t code) {
    switch (code) {
    case ALGA_OK: return "ok";
    case ALGA_ERR_DENIED: return "denied";
    case ALGA_ERR_NOT_FOUND: return "not_found";
    case ALGA_ERR_INVALID_ARGUMENT: return "invalid_argument";
    case ALGA_ERR_TOO_LARGE: return "too_large";
    case ALGA_ERR_LIMIT_EXCEEDED: return "limit_exceeded";
    case ALGA_ERR_CONFLICT: return "conflict";
    case ALGA_ERR_UNAVAILABLE: return "unavailable";
    case ALGA_ERR_TIMEOUT: return "timeout";
    case ALGA_ERR_INTERNAL: return "internal";
    case ALGA_ERR_INVALID_STATE: return "invalid_state";
    case ALGA_ERR_FORBIDDEN: return "forbidden";
    default: return "unknown";
    }
}

int32_t alga_result_take(int32_t handle, void *buf, uint32_t cap) {
    if (handle < 0) return handle;
    int32_t len = alga_result_len(handle);
    if (len < 0 || (uint32_t)len > cap) {
        (void)alga_result_free(handle);
        return len < 0 ? len : ALGA_ERR_TOO_LARGE;
    }
    int32_t done = 0;
    while (done < len) {
        int32_t n = alga_result_read(handle, done, (char *)buf + done, (uint32_t)(len - done));
        if (n <= 0) {
            (void)alga_result_free(handle);
            return n < 0 ? n : ALGA_ERR_INTERNAL;
        }
        done += n;
    }
    (void)alga_result_free(handle);
    return len;
}

static int32_t take_text(int32_t handle, char *buf, uint32_t cap) {
    if (cap == 0) {
        if (handle > 0) (void)alga_result_free(handle);
        return ALGA_ERR_TOO_LARGE;
    }
    int32_t n = alga_result_take(handle, buf, cap - 1);
    if (n >= 0) buf[n] = 0;
    return n;
}

int32_t alga_request_head_read(char *buf, uint32_t cap) { return take_text(alga_request_head(), buf, cap); }
int32_t alga_request_body_read(void *buf, uint32_t cap) { return alga_result_take(alga_request_body(), buf, cap); }
int32_t alga_context_read(char *buf, uint32_t cap) { return take_text(alga_context_get(), buf, cap); }
int32_t alga_error_last_read(char *buf, uint32_t cap) { return take_text(alga_error_last(), buf, cap); }

int32_t alga_response_add_header_str(const char *name, const char *value) {
    return alga_response_add_header(name, (uint32_t)strlen(name), value, (uint32_t)strlen(value));
}

int32_t alga_response_write_str(const char *text) { return alga_response_write(text, (uint32_t)strlen(text)); }

int32_t alga_log_str(int32_t level, const char *text) { return alga_log_write(level, text, (uint32_t)strlen(text)); }

char *alga_strcpy(char *dst, const char *src) {
    size_t n = strlen(src);
    memcpy(dst, src, n + 1);
    return dst;
}

/* ------------------------------------------------------------- formatting */

/* Appends one byte to out if there is room; counts it either way. */
static void put_byte(char *out, uint32_t cap, uint32_t *n, char b) {
    if (out != NULL && *n < cap) out[*n] = b;
    (*n)++;
}

static void put_unsigned(char *out, uint32_t cap, uint32_t *n, uint64_t v, unsigned base) {
    char digits[20];
    int count = 0;
    do {
        digits[count++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v != 0);
    while (count > 0) put_byte(out, cap, n, digits[--count]);
}

int32_t alga_vformat(char *out, uint32_t cap, const char *fmt, va_list args) {
    if (cap == 0) return ALGA_ERR_TOO_LARGE;
    uint32_t limit = cap - 1;
    uint32_t n = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%') {
            put_byte(out, limit, &n, *f);
            continue;
        }
        f++;
        int wide = 0;
        if (f[0] == 'l' && f[1] == 'l') {
            wide = 1;
            f += 2;
        }
        switch (*f) {
        case 's': {
            const char *s = va_arg(args, const char *);
            while (*s) put_byte(out, limit, &n, *s++);
            break;
        }
        case 'd': {
            int64_t v = wide ? va_arg(args, long long) : va_arg(args, int);
            if (v < 0) put_byte(out, limit, &n, '-');
            put_unsigned(out, limit, &n, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 10);
            break;
        }
        case 'u': put_unsigned(out, limit, &n, wide ? va_arg(args, unsigned long long) : va_arg(args, unsigned), 10); break;
        case 'x': put_unsigned(out, limit, &n, wide ? va_arg(args, unsigned long long) : va_arg(args, unsigned), 16); break;
        case 'c': put_byte(out, limit, &n, (char)va_arg(args, int)); break;
        case '%': put_byte(out, limit, &n, '%'); break;
        default: out[n < limit ? n : limit] = 0; return ALGA_ERR_INVALID_ARGUMENT;
        }
    }
    out[n < limit ? n : limit] = 0;
    return n > limit ? ALGA_ERR_TOO_LARGE : (int32_t)n;
}

int32_t alga_format(char *out, uint32_t cap, const char *fmt, ...) {
    va_list args;
    va_start(args, fmt);
    int32_t n = alga_vformat(out, cap, fmt, args);
    va_end(args);
    return n;
}
