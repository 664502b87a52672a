/* fault-host-call-flood: calls clock.monotonic_ns one million times, far beyond the 10,000 host
 * calls an execution may make. Expected: host_call_limit (the host traps the exceeding call). */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    int64_t last = 0;
    for (int i = 0; i < 1000000; i++) last = alga_clock_monotonic_ns();
    char out[48];
    int32_t len = alga_format(out, sizeof out, "survived: %lld", (long long)last);
    return alga_response_write(out, (uint32_t)len) == 0 ? 0 : 1;
}
