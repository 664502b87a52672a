/* fault-oversize-response: writes 64 KiB chunks until response.write refuses with too_large
 * (at most 1024 chunks = 64 MiB), then returns 0. Expected: response_too_large, whatever the
 * guest returns, and no partial body reaches the client. */
#include "alga.h"

ALGA_ABI_V1

static char chunk[65536];

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 1024; i++) {
        int32_t rc = alga_response_write(chunk, sizeof chunk);
        if (rc == ALGA_ERR_TOO_LARGE) return 0;
        if (rc != 0) return 2;
    }
    return 0;
}
