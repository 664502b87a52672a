/*
 * alga.c — helpers of the C SDK (declared in alga.h): result copying, string conveniences, a
 * top-level JSON field reader for the request head and context, and a minimal formatter.
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

/* ------------------------------------------------------------------ JSON */

typedef struct {
    const char *p;
    const char *end;
} json_cursor;

static void json_ws(json_cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

static int hex_value(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

static int32_t read_hex4(json_cursor *c) {
    if (c->end - c->p < 4) return -1;
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(c->p[i]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    c->p += 4;
    return v;
}

/* Appends one byte to out if there is room; counts it either way. */
static void put_byte(char *out, uint32_t cap, uint32_t *n, char b) {
    if (out != NULL && *n < cap) out[*n] = b;
    (*n)++;
}

/* Parses a JSON string at c->p (on the opening quote), decoding into out (may be NULL).
 * Returns the decoded length (possibly > cap) or ALGA_ERR_INVALID_ARGUMENT. */
static int32_t json_string(json_cursor *c, char *out, uint32_t cap) {
    if (c->p >= c->end || *c->p != '"') return ALGA_ERR_INVALID_ARGUMENT;
    c->p++;
    uint32_t n = 0;
    while (c->p < c->end) {
        unsigned char ch = (unsigned char)*c->p++;
        if (ch == '"') return (int32_t)n;
        if (ch < 0x20) return ALGA_ERR_INVALID_ARGUMENT;
        if (ch != '\\') {
            put_byte(out, cap, &n, (char)ch);
            continue;
        }
        if (c->p >= c->end) return ALGA_ERR_INVALID_ARGUMENT;
        char e = *c->p++;
        int32_t cp;
        switch (e) {
        case '"': case '\\': case '/': put_byte(out, cap, &n, e); continue;
        case 'b': put_byte(out, cap, &n, '\b'); continue;
        case 'f': put_byte(out, cap, &n, '\f'); continue;
        case 'n': put_byte(out, cap, &n, '\n'); continue;
        case 'r': put_byte(out, cap, &n, '\r'); continue;
        case 't': put_byte(out, cap, &n, '\t'); continue;
        case 'u':
            cp = read_hex4(c);
            if (cp < 0) return ALGA_ERR_INVALID_ARGUMENT;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u') return ALGA_ERR_INVALID_ARGUMENT;
                c->p += 2;
                int32_t lo = read_hex4(c);
                if (lo < 0xDC00 || lo > 0xDFFF) return ALGA_ERR_INVALID_ARGUMENT;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return ALGA_ERR_INVALID_ARGUMENT;
            }
            if (cp < 0x80) {
                put_byte(out, cap, &n, (char)cp);
            } else if (cp < 0x800) {
                put_byte(out, cap, &n, (char)(0xC0 | (cp >> 6)));
                put_byte(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
            } else if (cp < 0x10000) {
                put_byte(out, cap, &n, (char)(0xE0 | (cp >> 12)));
                put_byte(out, cap, &n, (char)(0x80 | ((cp >> 6) & 0x3F)));
                put_byte(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
            } else {
                put_byte(out, cap, &n, (char)(0xF0 | (cp >> 18)));
                put_byte(out, cap, &n, (char)(0x80 | ((cp >> 12) & 0x3F)));
                put_byte(out, cap, &n, (char)(0x80 | ((cp >> 6) & 0x3F)));
                put_byte(out, cap, &n, (char)(0x80 | (cp & 0x3F)));
            }
            continue;
        default: return ALGA_ERR_INVALID_ARGUMENT;
        }
    }
    return ALGA_ERR_INVALID_ARGUMENT;
}

/* Skips any JSON value without recursion (nesting is tracked by a counter). */
static int json_skip(json_cursor *c) {
    int32_t depth = 0;
    do {
        json_ws(c);
        if (c->p >= c->end) return 0;
        char ch = *c->p;
        if (ch == '"') {
            if (json_string(c, NULL, 0) < 0) return 0;
        } else if (ch == '{' || ch == '[') {
            depth++;
            c->p++;
        } else if (ch == '}' || ch == ']') {
            if (depth == 0) return 0;
            depth--;
            c->p++;
        } else if (ch == ',' || ch == ':') {
            if (depth == 0) return 0;
            c->p++;
        } else {
            const char *start = c->p;
            while (c->p < c->end && *c->p != ',' && *c->p != '}' && *c->p != ']' && *c->p != ' ' &&
                   *c->p != '\n' && *c->p != '\r' && *c->p != '\t' && *c->p != ':') {
                c->p++;
            }
            if (c->p == start) return 0;
        }
    } while (depth > 0);
    return 1;
}

/* Positions c on the value of top-level field `key`. Returns 0, NOT_FOUND or INVALID_ARGUMENT. */
static int32_t json_find(json_cursor *c, const char *key) {
    size_t key_len = strlen(key);
    char name[64];
    json_ws(c);
    if (c->p >= c->end || *c->p != '{') return ALGA_ERR_INVALID_ARGUMENT;
    c->p++;
    json_ws(c);
    if (c->p < c->end && *c->p == '}') return ALGA_ERR_NOT_FOUND;
    while (c->p < c->end) {
        json_ws(c);
        int32_t n = json_string(c, name, sizeof name);
        if (n < 0) return n;
        json_ws(c);
        if (c->p >= c->end || *c->p != ':') return ALGA_ERR_INVALID_ARGUMENT;
        c->p++;
        json_ws(c);
        if ((size_t)n == key_len && n <= (int32_t)sizeof name && memcmp(name, key, key_len) == 0) return 0;
        if (!json_skip(c)) return ALGA_ERR_INVALID_ARGUMENT;
        json_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '}') return ALGA_ERR_NOT_FOUND;
        return ALGA_ERR_INVALID_ARGUMENT;
    }
    return ALGA_ERR_INVALID_ARGUMENT;
}

int32_t alga_json_get_string(const char *json, uint32_t len, const char *key, char *out, uint32_t cap) {
    json_cursor c = {json, json + len};
    int32_t found = json_find(&c, key);
    if (found < 0) return found;
    if (cap == 0) return ALGA_ERR_TOO_LARGE;
    int32_t n = json_string(&c, out, cap - 1);
    if (n < 0) return n;
    if ((uint32_t)n >= cap) {
        out[cap - 1] = 0;
        return ALGA_ERR_TOO_LARGE;
    }
    out[n] = 0;
    return n;
}

int32_t alga_json_get_int(const char *json, uint32_t len, const char *key, int64_t *out) {
    json_cursor c = {json, json + len};
    int32_t found = json_find(&c, key);
    if (found < 0) return found;
    int negative = 0;
    if (c.p < c.end && *c.p == '-') {
        negative = 1;
        c.p++;
    }
    if (c.p >= c.end || *c.p < '0' || *c.p > '9') return ALGA_ERR_INVALID_ARGUMENT;
    uint64_t v = 0;
    while (c.p < c.end && *c.p >= '0' && *c.p <= '9') {
        if (v > (uint64_t)INT64_MAX / 10) return ALGA_ERR_INVALID_ARGUMENT;
        v = v * 10 + (uint64_t)(*c.p++ - '0');
    }
    if (c.p < c.end && (*c.p == '.' || *c.p == 'e' || *c.p == 'E')) return ALGA_ERR_INVALID_ARGUMENT;
    if (v > (uint64_t)INT64_MAX) return ALGA_ERR_INVALID_ARGUMENT;
    *out = negative ? -(int64_t)v : (int64_t)v;
    return 0;
}

int32_t alga_json_escape(char *out, uint32_t cap, uint32_t used, const char *text, uint32_t len) {
    static const char hex[] = "0123456789abcdef";
    uint32_t n = used;
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        char esc = 0;
        if (ch == '"' || ch == '\\') esc = (char)ch;
        else if (ch == '\n') esc = 'n';
        else if (ch == '\r') esc = 'r';
        else if (ch == '\t') esc = 't';
        if (esc) {
            put_byte(out, cap, &n, '\\');
            put_byte(out, cap, &n, esc);
        } else if (ch < 0x20) {
            put_byte(out, cap, &n, '\\');
            put_byte(out, cap, &n, 'u');
            put_byte(out, cap, &n, '0');
            put_byte(out, cap, &n, '0');
            put_byte(out, cap, &n, hex[ch >> 4]);
            put_byte(out, cap, &n, hex[ch & 15]);
        } else {
            put_byte(out, cap, &n, (char)ch);
        }
    }
    return n > cap ? ALGA_ERR_TOO_LARGE : (int32_t)n;
}

/* ------------------------------------------------------------- formatting */

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
