/* counter-c: counts its runs for the gateway's idempotency tests. Every run logs one info line
 * "counter-c run <request id>" (grant `log`; the runner prints it with "ext.log": true and the
 * request id), then answers 200 with "counted <METHOD> <path> <body>" so a replay can be told
 * from a new run only by the log. */
#include "alga.h"

ALGA_ABI_V1

ALGA_EXPORT("alga_handle") int32_t alga_handle(void) {
    char head[8192], context[8192], method[16], path[1024], request_id[160], body[257], line[256], out[1400];
    int32_t n = alga_request_head_read(head, sizeof head);
    if (n < 0) return 1;
    if (alga_json_get_string(head, (uint32_t)n, "method", method, sizeof method) < 0) return 2;
    if (alga_json_get_string(head, (uint32_t)n, "path", path, sizeof path) < 0) return 3;
    int32_t c = alga_context_read(context, sizeof context);
    if (c < 0 || alga_json_get_string(context, (uint32_t)c, "request_id", request_id, sizeof request_id) < 0) {
        alga_strcpy(request_id, "unknown");
    }
    int32_t len = alga_format(line, sizeof line, "counter-c run %s", request_id);
    if (len < 0) return 4;
    alga_log_write(ALGA_LOG_INFO, line, (uint32_t)len);
    int32_t b = alga_request_body_read(body, sizeof body - 1);
    if (b == ALGA_ERR_TOO_LARGE) return 5;
    body[b > 0 ? b : 0] = 0;
    if (alga_response_set_status(200) != 0) return 6;
    if (alga_response_add_header_str("content-type", "text/plain; charset=utf-8") != 0) return 7;
    len = alga_format(out, sizeof out, "counted %s %s %s", method, path, body);
    if (len < 0) return 8;
    return alga_response_write(out, (uint32_t)len) == 0 ? 0 : 9;
}
