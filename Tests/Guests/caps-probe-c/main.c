/* caps-probe-c: runs the capability calls the request body lists, one command per line, and
 * answers 200 text/plain with one result line per command, in order:
 *
 *   fetch <head JSON>             -> fetch <code> status=<n> len=<n> body=<first 256 bytes>
 *   fetchbody <size> <head JSON>  -> as fetch, sending <size> bytes of 'b' as the request body
 *   secret <name>                 -> secret <code> len=<n> value=<value>
 *   get <key>                     -> get <code> rev=<n> value=<value>
 *   put <key> <expected> <value>  -> put <code> rev=<n>
 *   putn <key> <expected> <size>  -> put <code> rev=<n>      (value: <size> bytes of 'x')
 *   del <key> <expected>          -> del <code>
 *   list <prefix|-> <limit> [cursor] -> list <code> <listing JSON>
 *   incr <key> <attempts>         -> incr <code> value=<n> conflicts=<n>
 *        (compare-and-set increment of a decimal counter, retried on conflict)
 *
 * <code> is `ok` or the error name of docs/guest-abi.md §3.4; a failed call adds
 * ` | <error.last text>`. A command line the guest cannot parse answers `parse_error`.
 * Expected outcome: 200 whatever the calls answer (grants, egress policy and quotas decide
 * each line); the tests read the lines. */
#include "alga.h"

ALGA_ABI_V1

static char input[65536 + 1];
static char out[262144];
static uint32_t used;
static char scratch[70000];
static char value[70000];

static void emit(const char *text, uint32_t len) {
    if (used + len < sizeof out) {
        memcpy(out + used, text, len);
        used += len;
    }
}

static void emits(const char *text) { emit(text, (uint32_t)strlen(text)); }

/* Appends up to `max` bytes of `bytes` with control characters shown as '.'. */
static void emit_text(const char *bytes, uint32_t len, uint32_t max) {
    for (uint32_t i = 0; i < len && i < max; i++) {
        char c = bytes[i];
        emit((unsigned char)c < 0x20 ? "." : &c, 1);
    }
}

static void emit_code(int32_t rc) {
    emits(" ");
    emits(rc >= 0 ? "ok" : alga_error_name(rc));
}

static void emit_error_detail(int32_t rc) {
    if (rc >= 0) return;
    char detail[1024];
    int32_t n = alga_error_last_read(detail, sizeof detail);
    if (n > 0) {
        emits(" | ");
        emit_text(detail, (uint32_t)n, 600);
    }
}

static void emit_u64(const char *label, uint64_t v) {
    char text[64];
    int32_t n = alga_format(text, sizeof text, " %s=%llu", label, (unsigned long long)v);
    if (n > 0) emit(text, (uint32_t)n);
}

/* Splits the next space-separated word off *line (NUL-terminating it); NULL at the end. */
static char *word(char **line) {
    char *s = *line;
    while (*s == ' ') s++;
    if (*s == 0) return 0;
    char *start = s;
    while (*s && *s != ' ') s++;
    if (*s) *s++ = 0;
    *line = s;
    return start;
}

static int64_t number(const char *s, int *ok) {
    int64_t sign = 1, v = 0;
    *ok = 0;
    if (!s) return 0;
    if (*s == '-') { sign = -1; s++; }
    if (*s == 0) return 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return 0;
        v = v * 10 + (*s - '0');
    }
    *ok = 1;
    return sign * v;
}

static void fetch(const char *head, uint32_t body_len) {
    uint32_t body_handle = 0;
    memset(scratch, 'b', body_len < sizeof scratch ? body_len : sizeof scratch);
    int32_t rc = alga_http_fetch(head, (uint32_t)strlen(head), scratch, body_len, &body_handle);
    emits("fetch");
    emit_code(rc);
    if (rc >= 0) {
        char rhead[4096];
        int32_t hn = alga_result_take(rc, rhead, sizeof rhead - 1);
        int64_t status = 0;
        if (hn >= 0) (void)alga_json_get_int(rhead, (uint32_t)hn, "status", &status);
        int32_t bn = alga_result_take((int32_t)body_handle, scratch, sizeof scratch);
        emit_u64("status", (uint64_t)status);
        emit_u64("len", bn < 0 ? 0 : (uint64_t)bn);
        emits(" body=");
        if (bn > 0) emit_text(scratch, (uint32_t)bn, 256);
    }
    emit_error_detail(rc);
}

static void run(char *line) {
    char *cmd = word(&line);
    if (!cmd) return;
    int ok1 = 0, ok2 = 0;
    if (!memcmp(cmd, "fetch", 6)) {
        fetch(line, 0);
    } else if (!memcmp(cmd, "fetchbody", 10)) {
        int64_t size = number(word(&line), &ok1);
        if (!ok1 || size < 0 || size > 65536) { emits("fetch parse_error"); return; }
        fetch(line, (uint32_t)size);
    } else if (!memcmp(cmd, "secret", 7)) {
        char *name = word(&line);
        if (!name) { emits("secret parse_error"); return; }
        int32_t rc = alga_secrets_get(name, (uint32_t)strlen(name));
        emits("secret");
        emit_code(rc);
        if (rc >= 0) {
            int32_t n = alga_result_take(rc, value, sizeof value);
            emit_u64("len", n < 0 ? 0 : (uint64_t)n);
            emits(" value=");
            if (n > 0) emit_text(value, (uint32_t)n, 256);
        }
        emit_error_detail(rc);
    } else if (!memcmp(cmd, "get", 4)) {
        char *key = word(&line);
        if (!key) { emits("get parse_error"); return; }
        uint64_t rev = 0;
        int32_t rc = alga_storage_get(key, (uint32_t)strlen(key), &rev);
        emits("get");
        emit_code(rc);
        if (rc >= 0) {
            int32_t n = alga_result_take(rc, value, sizeof value);
            emit_u64("rev", rev);
            emits(" value=");
            if (n > 0) emit_text(value, (uint32_t)n, 256);
        }
        emit_error_detail(rc);
    } else if (!memcmp(cmd, "put", 4) || !memcmp(cmd, "putn", 5)) {
        char *key = word(&line);
        int64_t expected = number(word(&line), &ok1);
        if (!key || !ok1) { emits("put parse_error"); return; }
        const char *v = line;
        uint32_t len = (uint32_t)strlen(line);
        if (cmd[3] == 'n') {
            int64_t size = number(word(&line), &ok2);
            if (!ok2 || size < 0 || size > (int64_t)sizeof value) { emits("put parse_error"); return; }
            memset(value, 'x', (uint32_t)size);
            v = value;
            len = (uint32_t)size;
        }
        uint64_t rev = 0;
        int32_t rc = alga_storage_put(key, (uint32_t)strlen(key), v, len, expected, &rev);
        emits("put");
        emit_code(rc);
        if (rc >= 0) emit_u64("rev", rev);
        emit_error_detail(rc);
    } else if (!memcmp(cmd, "del", 4)) {
        char *key = word(&line);
        int64_t expected = number(word(&line), &ok1);
        if (!key || !ok1) { emits("del parse_error"); return; }
        int32_t rc = alga_storage_delete(key, (uint32_t)strlen(key), expected);
        emits("del");
        emit_code(rc);
        emit_error_detail(rc);
    } else if (!memcmp(cmd, "list", 5)) {
        char *prefix = word(&line);
        int64_t limit = number(word(&line), &ok1);
        char *cursor = word(&line);
        if (!prefix || !ok1) { emits("list parse_error"); return; }
        if (prefix[0] == '-' && prefix[1] == 0) prefix[0] = 0;
        int32_t rc = alga_storage_list(prefix, (uint32_t)strlen(prefix), cursor, cursor ? (uint32_t)strlen(cursor) : 0,
                                       (int32_t)limit);
        emits("list");
        emit_code(rc);
        if (rc >= 0) {
            int32_t n = alga_result_take(rc, value, sizeof value);
            emits(" ");
            if (n > 0) emit_text(value, (uint32_t)n, sizeof value);
        }
        emit_error_detail(rc);
    } else if (!memcmp(cmd, "incr", 5)) {
        char *key = word(&line);
        int64_t attempts = number(word(&line), &ok1);
        if (!key || !ok1) { emits("incr parse_error"); return; }
        int32_t rc = 0;
        uint64_t conflicts = 0, next = 0;
        for (int64_t i = 0; i < attempts; i++) {
            uint64_t rev = 0;
            int64_t expected = 0;
            int64_t current = 0;
            rc = alga_storage_get(key, (uint32_t)strlen(key), &rev);
            if (rc >= 0) {
                int32_t n = alga_result_take(rc, value, sizeof value - 1);
                if (n < 0) { rc = n; break; }
                value[n] = 0;
                current = number(value, &ok2);
                expected = (int64_t)rev;
            } else if (rc != ALGA_ERR_NOT_FOUND) {
                break;
            }
            next = (uint64_t)current + 1;
            char text[32];
            int32_t tn = alga_format(text, sizeof text, "%llu", (unsigned long long)next);
            uint64_t written = 0;
            rc = alga_storage_put(key, (uint32_t)strlen(key), text, (uint32_t)tn, expected, &written);
            if (rc != ALGA_ERR_CONFLICT) break;
            conflicts++;
        }
        emits("incr");
        emit_code(rc);
        if (rc >= 0) emit_u64("value", next);
        emit_u64("conflicts", conflicts);
        emit_error_detail(rc);
    } else {
        emits(cmd);
        emits(" parse_error");
    }
}

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    int32_t n = alga_request_body_read(input, sizeof input - 1);
    if (n < 0) return 1;
    input[n] = 0;
    char *line = input;
    while (*line) {
        char *end = line;
        while (*end && *end != '\n') end++;
        int last = *end == 0;
        *end = 0;
        if (*line) {
            run(line);
            emits("\n");
        }
        if (last) break;
        line = end + 1;
    }
    if (alga_response_set_status(200) != 0) return 2;
    if (alga_response_add_header_str("content-type", "text/plain; charset=utf-8") != 0) return 3;
    return alga_response_write(out, used) == 0 ? 0 : 4;
}
