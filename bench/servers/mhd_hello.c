/*
 * The baseline for bench/run: the smallest reasonable libmicrohttpd server answering every
 * request with a fixed 13-byte body, with the same daemon mode HTTPCore uses (epoll internal
 * thread) and the same per-connection memory pool. No logging, no routing, no Swift.
 * Usage: mhd_hello PORT THREADS MEMORY_BYTES   (prints "listening PORT" once bound)
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char body[] = "hello, world\n";

static enum MHD_Result handle(void *cls, struct MHD_Connection *connection, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **req_cls) {
    static int first_call_marker;
    (void)cls; (void)url; (void)method; (void)version; (void)upload;
    if (*req_cls == NULL) { /* first call: headers only; answer on the second (keep-alive) */
        *req_cls = &first_call_marker;
        return MHD_YES;
    }
    if (*upload_size != 0) {
        *upload_size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(connection, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s PORT THREADS MEMORY_BYTES\n", argv[0]);
        return 2;
    }
    unsigned int threads = (unsigned int)atoi(argv[2]);
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *d = MHD_start_daemon(flags, (uint16_t)atoi(argv[1]), NULL, NULL, &handle, NULL,
                                            MHD_OPTION_THREAD_POOL_SIZE, threads > 1 ? threads : 0U,
                                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)atol(argv[3]),
                                            MHD_OPTION_CONNECTION_TIMEOUT, 30U, MHD_OPTION_END);
    if (d == NULL) {
        perror("MHD_start_daemon");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("listening %u\n", info ? info->port : 0);
    fflush(stdout);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
