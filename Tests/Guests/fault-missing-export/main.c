/* fault-missing-export: a wasm@1 marker but no `alga_handle` export. Expected: module_invalid
 * ("missing export alga_handle"). */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("handle") int32_t handle(void) { return alga_response_write_str("wrong entry point"); }
