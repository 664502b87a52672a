/*
 * alga_json.c — the C SDK's JSON helpers (declared in alga.h): top-level field lookup in the
 * request head and context documents, and string escaping for JSON the guest writes (fetch
 * heads, metric labels). No allocation and no recursion: nested values are skipped with a depth
 * counter, so hostile documents cannot exhaust the stack.
 */
#include "alga.h"

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
