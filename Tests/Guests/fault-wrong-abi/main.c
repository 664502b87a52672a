/* fault-wrong-abi: a well-formed handler that declares ABI version 2 (`alga_abi_v2`) instead of
 * `alga_abi_v1`. Expected: module_invalid (not a wasm@1 module). */
#include "alga.h"

ALGA_EXPORT("alga_abi_v2") void alga_abi_v2(void) {}

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) { return alga_response_write_str("from the future"); }
