/* fault-fuel-burner: a long but finite loop. Iterations = the decimal request body (default
 * 100000000, at most 4000000000). With enough fuel and time it answers 200 with the checksum;
 * with a small fuel budget the expected outcome is fuel_exhausted. */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    char body[16];
    uint64_t iterations = 100000000u;
    int32_t n = alga_request_body_read(body, sizeof body);
    if (n > 0) {
        iterations = 0;
        for (int32_t i = 0; i < n && body[i] >= '0' && body[i] <= '9'; i++) iterations = iterations * 10 + (uint64_t)(body[i] - '0');
        if (iterations > 4000000000u) iterations = 4000000000u;
    }
    volatile uint32_t sum = 0;
    for (uint64_t i = 0; i < iterations; i++) sum = sum * 31u + (uint32_t)i;
    char out[64];
    int32_t len = alga_format(out, sizeof out, "burned %llu iterations, checksum %u", (unsigned long long)iterations, (unsigned)sum);
    return alga_response_write(out, (uint32_t)len) == 0 ? 0 : 1;
}
