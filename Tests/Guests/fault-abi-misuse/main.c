/* fault-abi-misuse: misuses every always-available import (bad pointers and lengths, invalid UTF-8,
 * bad header names and values, host-owned headers, bad statuses, unknown and freed handles, bad
 * offsets, too many open results, oversized random requests, response calls in the wrong state)
 * and checks that each call returns its documented code while the guest keeps running.
 *
 * Expected outcome: status 200, body starting "abi-misuse: ok" and naming the number of checks.
 * Any wrong code before the body is written gives status 500 and one "FAIL" line per mismatch;
 * a wrong code in the final state checks makes alga_handle return 100 + the number of mismatches
 * (outcome guest_bad_response). Every mismatch is also logged at level error (with the `log` grant). */
#include "alga.h"

ALGA_ABI_V1

#define FAR_PTR ((const void *)(uintptr_t)0xFFFFFF00u)

static char report[8192];
static int32_t report_len;
static int32_t checks;
static int32_t failures;

static void check(const char *label, int32_t got, int32_t want) {
    checks++;
    if (got == want) return;
    failures++;
    int32_t n = alga_format(report + report_len, sizeof report - (uint32_t)report_len,
                            "FAIL %s: got %s (%d), want %s (%d)\n", label, alga_error_name(got), got,
                            alga_error_name(want), want);
    if (n > 0) {
        (void)alga_log_write(ALGA_LOG_ERROR, report + report_len, (uint32_t)n - 1);
        report_len += n;
    }
}

static int32_t add_header(const char *name, uint32_t name_len, const char *value, uint32_t value_len) {
    return alga_response_add_header(name, name_len, value, value_len);
}

static void check_response_arguments(void) {
    check("write: range past the end of memory", alga_response_write(FAR_PTR, 0x200), ALGA_ERR_INVALID_ARGUMENT);
    check("write: length 2^31", alga_response_write(report, 0x80000000u), ALGA_ERR_INVALID_ARGUMENT);
    check("write: length 0 ignores the pointer", alga_response_write(FAR_PTR, 0), ALGA_OK);
    check("header: space in name", add_header("bad name", 8, "v", 1), ALGA_ERR_INVALID_ARGUMENT);
    check("header: empty name", add_header("x", 0, "v", 1), ALGA_ERR_INVALID_ARGUMENT);
    check("header: 0xff in name", add_header("x-\xff", 3, "v", 1), ALGA_ERR_INVALID_ARGUMENT);
    check("header: CRLF in value", add_header("x-a", 3, "a\r\nb: c", 7), ALGA_ERR_INVALID_ARGUMENT);
    check("header: NUL in value", add_header("x-a", 3, "a\0b", 3), ALGA_ERR_INVALID_ARGUMENT);
    check("header: invalid UTF-8 value", add_header("x-a", 3, "\xc3\x28", 2), ALGA_ERR_INVALID_ARGUMENT);
    check("header: name range outside memory", add_header((const char *)FAR_PTR, 0x200, "v", 1), ALGA_ERR_INVALID_ARGUMENT);
    check("header: host-owned content-length", add_header("Content-Length", 14, "1", 1), ALGA_ERR_FORBIDDEN);
    check("header: host-owned x-alga- prefix", add_header("x-alga-tenant", 13, "t", 1), ALGA_ERR_FORBIDDEN);
    static char long_value[8193];
    memset(long_value, 'v', sizeof long_value);
    check("header: value over 8192 bytes", add_header("x-long", 6, long_value, sizeof long_value), ALGA_ERR_TOO_LARGE);
    check("status 99", alga_response_set_status(99), ALGA_ERR_INVALID_ARGUMENT);
    check("status 600", alga_response_set_status(600), ALGA_ERR_INVALID_ARGUMENT);
    check("status -1", alga_response_set_status(-1), ALGA_ERR_INVALID_ARGUMENT);
}

static void check_results(void) {
    char buf[64];
    check("result.len unknown handle", alga_result_len(12345), ALGA_ERR_INVALID_ARGUMENT);
    check("result.read handle 0", alga_result_read(0, 0, buf, sizeof buf), ALGA_ERR_INVALID_ARGUMENT);
    check("result.free negative handle", alga_result_free(-5), ALGA_ERR_INVALID_ARGUMENT);
    int32_t head = alga_request_head();
    check("request.head gives a handle", head > 0 ? ALGA_OK : head, ALGA_OK);
    int32_t len = alga_result_len(head);
    check("result.len of the head", len > 0 ? ALGA_OK : len, ALGA_OK);
    check("result.read offset past the end", alga_result_read(head, len + 1, buf, 1), ALGA_ERR_INVALID_ARGUMENT);
    check("result.read offset at the end", alga_result_read(head, len, buf, 1), 0);
    check("result.read negative offset", alga_result_read(head, -1, buf, 1), ALGA_ERR_INVALID_ARGUMENT);
    check("result.read into memory's end", alga_result_read(head, 0, (void *)(uintptr_t)0xFFFFFFF0u, 64), ALGA_ERR_INVALID_ARGUMENT);
    check("result.read capacity 0", alga_result_read(head, 0, (void *)(uintptr_t)0xFFFFFF00u, 0), 0);
    check("result.free", alga_result_free(head), ALGA_OK);
    check("result.free twice", alga_result_free(head), ALGA_ERR_INVALID_ARGUMENT);
    check("result.len after free", alga_result_len(head), ALGA_ERR_INVALID_ARGUMENT);

    int32_t open[64];
    int32_t opened = 0;
    for (int i = 0; i < 64; i++) {
        open[i] = alga_request_body();
        if (open[i] > 0) opened++;
    }
    check("64 open results allowed", opened == 64 ? ALGA_OK : ALGA_ERR_LIMIT_EXCEEDED, ALGA_OK);
    check("65th open result", alga_request_head(), ALGA_ERR_LIMIT_EXCEEDED);
    for (int i = 0; i < 64; i++) {
        if (open[i] > 0) (void)alga_result_free(open[i]);
    }
    check("handles are never reused", alga_result_len(open[0]), ALGA_ERR_INVALID_ARGUMENT);
}

static void check_random_and_error_detail(void) {
    static char bytes[65537];
    check("random.fill 65537 bytes", alga_random_fill(bytes, sizeof bytes), ALGA_ERR_TOO_LARGE);
    check("random.fill 65536 bytes", alga_random_fill(bytes, 65536), ALGA_OK);
    check("random.fill outside memory", alga_random_fill((void *)(uintptr_t)0xFFFFFFF0u, 32), ALGA_ERR_INVALID_ARGUMENT);
    char detail[512];
    int32_t n = alga_error_last_read(detail, sizeof detail);
    static const char prefix[] = "random.fill: invalid_argument";
    int32_t matches = n >= (int32_t)(sizeof prefix - 1) && memcmp(detail, prefix, sizeof prefix - 1) == 0;
    check("error.last names the call and code", matches ? ALGA_OK : (n < 0 ? n : ALGA_ERR_INVALID_ARGUMENT), ALGA_OK);
}

static int32_t check_response_states(void) {
    int32_t before = failures;
    char name[16];
    for (int i = 1; i <= 63; i++) {
        int32_t n = alga_format(name, sizeof name, "x-fill-%d", i);
        if (add_header(name, (uint32_t)n, "1", 1) != ALGA_OK) failures++;
    }
    check("65th response header", add_header("x-one-too-many", 14, "1", 1), ALGA_ERR_LIMIT_EXCEEDED);
    check("write the report", alga_response_write(report, (uint32_t)report_len), ALGA_OK);
    check("status after the body started", alga_response_set_status(201), ALGA_ERR_INVALID_STATE);
    check("header after the body started", add_header("x-late", 6, "1", 1), ALGA_ERR_INVALID_STATE);
    check("empty write in body state", alga_response_write(report, 0), ALGA_OK);
    check("finish", alga_response_finish(), ALGA_OK);
    check("write after finish", alga_response_write("more", 4), ALGA_ERR_INVALID_STATE);
    check("finish twice", alga_response_finish(), ALGA_ERR_INVALID_STATE);
    return failures - before;
}

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    check_response_arguments();
    check_results();
    check_random_and_error_detail();
    int32_t early_failures = failures;
    int32_t n = alga_format(report + report_len, sizeof report - (uint32_t)report_len,
                            "abi-misuse: %s, %d checks before the body, %d failed\n",
                            early_failures == 0 ? "ok" : "FAILED", checks, early_failures);
    if (n > 0) report_len += n;
    if (early_failures == 0) {
        /* the summary line goes first when everything passed */
        (void)alga_format(report, sizeof report, "abi-misuse: ok, %d checks before the body\n", checks);
        report_len = (int32_t)strlen(report);
    }
    if (alga_response_set_status(early_failures == 0 ? 200 : 500) != ALGA_OK) return 99;
    if (alga_response_add_header_str("content-type", "text/plain; charset=utf-8") != ALGA_OK) return 98;
    int32_t late = check_response_states();
    return late == 0 ? 0 : 100 + late;
}
