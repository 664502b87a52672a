/* sdk-selftest-c: checks the C SDK inside a real instance — JSON field reading, formatting,
 * escaping, the memory functions and the allocator (alignment, content preservation, reuse of
 * freed blocks, NULL when the host refuses to grow memory).
 * Expected outcome: status 200, body "sdk-selftest-c: ok, <n> checks"; otherwise status 500 with
 * one FAIL line per failed check. Needs no grant; run it with a memory limit of at most 1 GiB. */
#include "alga.h"

ALGA_ABI_V1

static char report[4096];
static int32_t report_len;
static int32_t checks;
static int32_t failures;

static void check(const char *label, int ok) {
    checks++;
    if (ok) return;
    failures++;
    int32_t n = alga_format(report + report_len, sizeof report - (uint32_t)report_len, "FAIL %s\n", label);
    if (n > 0) report_len += n;
}

static int same(const char *a, const char *b) { return strlen(a) == strlen(b) && memcmp(a, b, strlen(a)) == 0; }

static void check_json(void) {
    static const char doc[] =
        "{ \"skip\": {\"a\": [1, {\"b\": \"}\"}], \"c\": null}, \"n\": -42, \"big\": 9007199254740993,"
        " \"s\": \"tab\\there \\\"q\\\" \\u00e9\\ud83d\\ude00\", \"f\": 1.5, \"t\": true }";
    uint32_t len = sizeof doc - 1;
    char out[64];
    int64_t v = 0;
    check("json string with escapes", alga_json_get_string(doc, len, "s", out, sizeof out) == 19 &&
                                          same(out, "tab\there \"q\" \xc3\xa9\xf0\x9f\x98\x80"));
    check("json int after nested values", alga_json_get_int(doc, len, "n", &v) == 0 && v == -42);
    check("json int above 2^53", alga_json_get_int(doc, len, "big", &v) == 0 && v == 9007199254740993LL);
    check("json missing field", alga_json_get_string(doc, len, "nope", out, sizeof out) == ALGA_ERR_NOT_FOUND);
    check("json string asked of a number", alga_json_get_string(doc, len, "n", out, sizeof out) == ALGA_ERR_INVALID_ARGUMENT);
    check("json int asked of a fraction", alga_json_get_int(doc, len, "f", &v) == ALGA_ERR_INVALID_ARGUMENT);
    check("json output too small", alga_json_get_string(doc, len, "s", out, 5) == ALGA_ERR_TOO_LARGE);
    check("json malformed", alga_json_get_int("{\"n\" 1}", 7, "n", &v) == ALGA_ERR_INVALID_ARGUMENT);
    check("json not an object", alga_json_get_int("[1]", 3, "n", &v) == ALGA_ERR_INVALID_ARGUMENT);
    check("json lone surrogate", alga_json_get_string("{\"s\":\"\\udc00\"}", 14, "s", out, sizeof out) == ALGA_ERR_INVALID_ARGUMENT);
    int32_t n = alga_json_escape(out, sizeof out, 0, "a\"b\\c\n\x01", 7);
    check("json escape", n == 15 && memcmp(out, "a\\\"b\\\\c\\n\\u0001", 15) == 0);
}

static void check_format(void) {
    char out[64];
    int32_t n = alga_format(out, sizeof out, "%s|%d|%u|%x|%lld|%c|%%", "hi", -7, 42u, 255u, -9000000000LL, 'z');
    check("format all conversions", n == 27 && same(out, "hi|-7|42|ff|-9000000000|z|%"));
    check("format truncates and reports", alga_format(out, 4, "%s", "abcdef") == ALGA_ERR_TOO_LARGE && same(out, "abc"));
    check("format INT_MIN", alga_format(out, sizeof out, "%d", (int)0x80000000) == 11 && same(out, "-2147483648"));
}

static void check_memory_functions(void) {
    char buf[16] = "abcdefghij";
    memmove(buf + 2, buf, 5);
    check("memmove overlapping forward", memcmp(buf, "ababcdehij", 10) == 0);
    memmove(buf, buf + 3, 5);
    check("memmove overlapping backward", memcmp(buf, "bcdehdehij", 10) == 0);
    check("memcmp orders unsigned bytes", memcmp("\x01", "\xff", 1) < 0 && memcmp("b", "a", 1) > 0);
    check("strlen", strlen("") == 0 && strlen("four") == 4);
    memset(buf, 0x5a, 8);
    check("memset", buf[0] == 0x5a && buf[7] == 0x5a && buf[8] == 'i');
}

static void check_allocator(void) {
    free(NULL);
    void *aligned = NULL;
    check("posix_memalign 4096", posix_memalign(&aligned, 4096, 100) == 0 && ((uintptr_t)aligned & 4095) == 0);
    free(aligned);
    check("posix_memalign rejects 24", posix_memalign(&aligned, 24, 8) == 28);
    check("aligned_alloc 64", ((uintptr_t)aligned_alloc(64, 10) & 63) == 0);

    static unsigned char *blocks[512];
    int intact = 1, aligned16 = 1;
    for (int i = 0; i < 512; i++) {
        size_t size = (size_t)(i * 37 % 3000) + 1;
        blocks[i] = malloc(size);
        if (blocks[i] == NULL) { intact = 0; break; }
        aligned16 &= ((uintptr_t)blocks[i] & 15) == 0;
        memset(blocks[i], i & 0xff, size);
    }
    for (int i = 0; i < 512 && intact; i += 2) free(blocks[i]);
    for (int i = 1; i < 512 && intact; i += 2) {
        size_t size = (size_t)(i * 37 % 3000) + 1;
        for (size_t k = 0; k < size; k++) intact &= blocks[i][k] == (unsigned char)(i & 0xff);
        unsigned char *grown = realloc(blocks[i], size * 3);
        if (grown == NULL) { intact = 0; break; }
        for (size_t k = 0; k < size; k++) intact &= grown[k] == (unsigned char)(i & 0xff);
        free(grown);
    }
    check("malloc alignment 16", aligned16);
    check("contents survive frees and reallocs", intact);

    unsigned char *zeroed = calloc(1000, 4);
    int zeros = zeroed != NULL;
    for (int i = 0; zeros && i < 4000; i++) zeros &= zeroed[i] == 0;
    check("calloc zeroes", zeros);
    free(zeroed);
    check("calloc overflow gives NULL", calloc(0x10000, 0x10000) == NULL);

    size_t pages_before = __builtin_wasm_memory_size(0);
    for (int i = 0; i < 20000; i++) {
        void *p = malloc(1024 + (size_t)(i % 7) * 100);
        if (p == NULL) break;
        free(p);
    }
    check("freed blocks are reused", __builtin_wasm_memory_size(0) - pages_before <= 1);
    check("a refused memory.grow gives NULL", malloc((size_t)600 << 20) == NULL);
    void *after = malloc(100);
    check("allocation works after a refusal", after != NULL);
    free(after);
}

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    check_json();
    check_format();
    check_memory_functions();
    check_allocator();
    if (failures == 0) report_len = alga_format(report, sizeof report, "sdk-selftest-c: ok, %d checks", checks);
    if (alga_response_set_status(failures == 0 ? 200 : 500) != 0) return 1;
    return alga_response_write(report, (uint32_t)report_len) == 0 ? 0 : 2;
}
