/* fault-recursion: unbounded recursion through a volatile function pointer (no tail call, no
 * inlining, no shadow-stack frame), so the wasm call stack overflows. Expected: guest_trap,
 * kind stack_overflow. */
#include "alga.h"

ALGA_ABI_V1

static int32_t descend(int32_t depth);
static int32_t (*volatile next)(int32_t) = descend;

static int32_t descend(int32_t depth) { return next(depth + 1) + depth; }

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) { return next(0) == 0 ? 0 : 1; }
