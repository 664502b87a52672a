/* greeter (C): the sample handler of docs/building-handlers.md, built with the C SDK (sdk/guest-c).
 *   GET  /hello?name=Ada -> 200 {"greeting":"hello, Ada"}, header x-greeter: v1, log line, counter
 *   POST /echo           -> 200 the request body as application/octet-stream, histogram echo_bytes
 *   anything else        -> 404 {"error":"not_found"}
 * A name is 1-32 of A-Z a-z 0-9 space and '-' (no name: "world"); another name answers 400. */
#include "alga.h"

ALGA_ABI_V1

#define NAME_MAX_BYTES 32
#define ECHO_MAX_BYTES 16384

static char head[16384];
static uint8_t body[ECHO_MAX_BYTES];

/* Skips JSON whitespace from `i`; returns the index of the next other byte (or `len`). */
static uint32_t skip_space(const char *json, uint32_t len, uint32_t i) {
    while (i < len && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t')) i++;
    return i;
}

/* The string starting at `json[i] == '"'`: its raw (still escaped) contents are json[*start..*end);
 * returns the index after the closing quote, or 0 when there is no string at `i`. */
static uint32_t raw_string(const char *json, uint32_t len, uint32_t i, uint32_t *start, uint32_t *end) {
    if (i >= len || json[i] != '"') return 0;
    *start = ++i;
    while (i < len && json[i] != '"') i += json[i] == '\\' ? 2 : 1;
    if (i >= len) return 0;
    *end = i;
    return i + 1;
}

/* The raw value of the first query parameter `name` in the request head; 0 when absent. */
static int find_name(const char *json, uint32_t len, uint32_t *start, uint32_t *end) {
    static const char key[] = "\"query\"";
    for (uint32_t i = 0; i + sizeof key - 1 <= len; i++) {
        if (memcmp(json + i, key, sizeof key - 1) != 0) continue;
        uint32_t p = skip_space(json, len, i + sizeof key - 1);
        if (p >= len || json[p] != ':') continue;
        p = skip_space(json, len, p + 1);
        if (p >= len || json[p] != '[') return 0;
        p = skip_space(json, len, p + 1);
        while (p < len && json[p] == '[') {   /* each pair: ["name", "value"] */
            uint32_t ns, ne, vs, ve;
            p = raw_string(json, len, skip_space(json, len, p + 1), &ns, &ne);
            if (p == 0) return 0;
            p = skip_space(json, len, p);
            if (p >= len || json[p] != ',') return 0;
            p = raw_string(json, len, skip_space(json, len, p + 1), &vs, &ve);
            if (p == 0) return 0;
            if (ne - ns == 4 && memcmp(json + ns, "name", 4) == 0) {
                *start = vs;
                *end = ve;
                return 1;
            }
            p = skip_space(json, len, skip_space(json, len, p) + 1);   /* past ']' */
            if (p < len && json[p] == ',') p = skip_space(json, len, p + 1);
        }
        return 0;
    }
    return 0;
}

static int valid_name(const char *name, uint32_t len) {
    if (len == 0 || len > NAME_MAX_BYTES) return 0;
    for (uint32_t i = 0; i < len; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == '-';
        if (!ok) return 0;
    }
    return 1;
}

static int same(const char *a, const char *b) {
    uint32_t n = strlen(a);
    return n == strlen(b) && memcmp(a, b, n) == 0;
}

static int32_t answer(int32_t status, const char *content_type, const void *bytes, uint32_t len) {
    if (alga_response_set_status(status) != 0) return 1;
    if (alga_response_add_header_str("content-type", content_type) != 0) return 1;
    return alga_response_write(bytes, len) == 0 ? 0 : 1;
}

static int32_t hello(const char *json, uint32_t len) {
    uint32_t start = 0, end = 0;
    char name[NAME_MAX_BYTES + 1] = "world";
    if (find_name(json, len, &start, &end) && end > start) {
        if (!valid_name(json + start, end - start)) {
            const char *error = "{\"error\":\"invalid_name\"}";
            return answer(400, "application/json", error, strlen(error));
        }
        memcpy(name, json + start, end - start);
        name[end - start] = 0;
    }
    char text[128];
    int32_t n = alga_format(text, sizeof text, "greeted %s", name);
    if (n > 0) alga_log_write(ALGA_LOG_INFO, text, (uint32_t)n);
    const char *labels = "{\"route\":\"/hello\"}";
    alga_metrics_emit(ALGA_METRIC_COUNTER, "greetings", 9, 1.0, labels, strlen(labels));

    if (alga_response_add_header_str("x-greeter", "v1") != 0) return 1;
    n = alga_format(text, sizeof text, "{\"greeting\":\"hello, %s\"}", name);
    if (n < 0) return 1;
    return answer(200, "application/json", text, (uint32_t)n);
}

static int32_t echo(void) {
    int32_t n = alga_request_body_read(body, sizeof body);
    if (n == ALGA_ERR_TOO_LARGE) {
        const char *error = "{\"error\":\"too_large\"}";
        return answer(413, "application/json", error, strlen(error));
    }
    if (n < 0) return 1;
    alga_metrics_emit(ALGA_METRIC_HISTOGRAM, "echo_bytes", 10, (double)n, 0, 0);
    return answer(200, "application/octet-stream", body, (uint32_t)n);
}

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    char method[16], path[256];
    int32_t n = alga_request_head_read(head, sizeof head);
    if (n < 0) return 1;
    if (alga_json_get_string(head, (uint32_t)n, "method", method, sizeof method) < 0) return 1;
    if (alga_json_get_string(head, (uint32_t)n, "path", path, sizeof path) < 0) path[0] = 0;

    if (same(method, "GET") && same(path, "/hello")) return hello(head, (uint32_t)n);
    if (same(method, "POST") && same(path, "/echo")) return echo();
    const char *error = "{\"error\":\"not_found\"}";
    return answer(404, "application/json", error, strlen(error));
}
