/* fault-unreachable: executes the `unreachable` instruction. Expected: guest_trap, kind unreachable. */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) { __builtin_trap(); }
