/* hello-c: answers every request with 200, two headers and a greeting that echoes the request:
 *   body = "hello, <name> (<METHOD> <path>)" where <name> is the request body, or "world" when empty. */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    char head[8192], method[16], path[1024], name[257], out[1400];
    int32_t n = alga_request_head_read(head, sizeof head);
    if (n < 0) return 1;
    if (alga_json_get_string(head, (uint32_t)n, "method", method, sizeof method) < 0) return 2;
    if (alga_json_get_string(head, (uint32_t)n, "path", path, sizeof path) < 0) return 3;
    int32_t body = alga_request_body_read(name, sizeof name - 1);
    if (body == ALGA_ERR_TOO_LARGE) return 4;
    if (body <= 0) alga_strcpy(name, "world");
    else name[body] = 0;

    if (alga_response_set_status(200) != 0) return 5;
    if (alga_response_add_header_str("content-type", "text/plain; charset=utf-8") != 0) return 6;
    if (alga_response_add_header_str("x-guest", "hello-c") != 0) return 7;
    int32_t len = alga_format(out, sizeof out, "hello, %s (%s %s)", name, method, path);
    if (len < 0) return 8;
    return alga_response_write(out, (uint32_t)len) == 0 ? 0 : 9;
}
