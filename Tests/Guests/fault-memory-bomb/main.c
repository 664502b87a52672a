/* fault-memory-bomb: grows memory one 1 MiB step at a time, touching every new page, until the
 * host's limiter refuses (memory.grow returns -1), then aborts like an out-of-memory program.
 * Expected: memory_limit. The loop is bounded by the 4 GiB address space (4096 steps). */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    for (uint32_t step = 0; step < 4096; step++) {
        size_t before = __builtin_wasm_memory_grow(0, 16);
        if (before == (size_t)-1) __builtin_trap();
        volatile unsigned char *fresh = (volatile unsigned char *)(before * 65536u);
        for (uint32_t page = 0; page < 16; page++) fresh[page * 65536u] = 1;
    }
    return 0;
}
