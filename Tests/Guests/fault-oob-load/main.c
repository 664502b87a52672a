/* fault-oob-load: loads from an address far beyond the guest's memory. Expected: guest_trap,
 * kind out_of_bounds. */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    volatile uint32_t *far = (volatile uint32_t *)(uintptr_t)0xFFFFFFF0u;
    return (int32_t)*far;
}
