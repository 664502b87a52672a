/* fault-unknown-import: imports a WASI function, which wasm@1 does not provide. Expected:
 * module_invalid ("import wasi_snapshot_preview1.fd_write is not part of wasm@1"). */
#include "alga.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("fd_write")))
int32_t fd_write(int32_t fd, const void *iovs, uint32_t iovs_len, uint32_t *written);

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    static const char text[] = "escape attempt\n";
    struct { const char *base; uint32_t len; } iov = {text, sizeof text - 1};
    uint32_t written = 0;
    return fd_write(1, &iov, 1, &written);
}
