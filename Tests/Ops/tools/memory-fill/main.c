/* memory-fill (measurement guest for Tests/Ops/tools/footprint.py, not a test fixture): grows
 * linear memory by the number of MiB in the request body (decimal, default 120), writes every
 * 4 KiB page so the host really holds it, then keeps it for 1 s (busy, reading the clock once
 * per million iterations to stay far below the host-call cap) so that concurrent executions
 * overlap; answers 200 "filled N MiB". */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    char body[16];
    int32_t n = alga_request_body_read(body, sizeof body - 1);
    uint32_t mib = 0;
    for (int32_t i = 0; i < n && body[i] >= '0' && body[i] <= '9'; i++) mib = mib * 10 + (uint32_t)(body[i] - '0');
    if (n <= 0 || mib == 0) mib = 120;
    size_t before = __builtin_wasm_memory_grow(0, mib * 16);
    if (before == (size_t)-1) return 1;
    volatile unsigned char *fresh = (volatile unsigned char *)(before * 65536u);
    for (uint32_t off = 0; off < mib * 1048576u; off += 4096) fresh[off] = 1;
    int64_t until = alga_clock_monotonic_ns() + 1000000000;
    volatile uint32_t spin = 0;
    while (alga_clock_monotonic_ns() < until) {
        for (uint32_t i = 0; i < 1000000; i++) spin++;
    }
    char out[48];
    int32_t len = alga_format(out, sizeof out, "filled %u MiB", mib);
    return alga_response_write(out, (uint32_t)len) == 0 ? 0 : 2;
}
