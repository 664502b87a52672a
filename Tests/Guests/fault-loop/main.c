/* fault-loop: never returns; only the execution deadline (epoch interruption) ends it. Expected: timeout. */
#include "alga.h"

ALGA_ABI_V1

static volatile uint32_t spins;

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    for (;;) spins++;
}
