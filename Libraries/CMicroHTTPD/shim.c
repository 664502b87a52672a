#define _GNU_SOURCE
#include "CMicroHTTPD.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <netinet/in.h>
#include <string.h>

/* MHD decodes the URL in place unless told otherwise; the router decodes exactly once. */
static size_t alga_keep_escaped(void *cls, struct MHD_Connection *connection, char *uri) {
    (void)cls;
    (void)connection;
    return strlen(uri);
}

static void (*alga_log_sink)(void *cls, const char *message);

static void alga_format_log(void *cls, const char *fmt, va_list ap) {
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    size_t n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = '\0';
    if (alga_log_sink) alga_log_sink(cls, buf);
}

static int alga_fill_address(const char *host, uint16_t port, struct sockaddr_storage *out, socklen_t *len) {
    struct sockaddr_in *v4 = (struct sockaddr_in *)out;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)out;
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        *len = sizeof *v4;
        return AF_INET;
    }
    if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        *len = sizeof *v6;
        return AF_INET6;
    }
    return -1;
}

static struct MHD_Daemon *alga_start_with(const alga_mhd_options *o, unsigned int flags,
                                          const struct sockaddr *addr) {
    struct MHD_OptionItem items[16];
    int n = 0;
#define ALGA_OPT(opt, val, ptr) \
    do { items[n].option = (opt); items[n].value = (intptr_t)(val); items[n].ptr_value = (void *)(ptr); n++; } while (0)
    if (o->thread_pool_size > 1) ALGA_OPT(MHD_OPTION_THREAD_POOL_SIZE, o->thread_pool_size, NULL);
    if (o->connection_limit > 0) ALGA_OPT(MHD_OPTION_CONNECTION_LIMIT, o->connection_limit, NULL);
    if (o->connection_memory_limit > 0) ALGA_OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, o->connection_memory_limit, NULL);
    ALGA_OPT(MHD_OPTION_CONNECTION_TIMEOUT, o->connection_timeout_seconds, NULL);
    if (o->listen_backlog > 0) ALGA_OPT(MHD_OPTION_LISTEN_BACKLOG_SIZE, o->listen_backlog, NULL);
    ALGA_OPT(MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)&alga_keep_escaped, NULL);
    ALGA_OPT(MHD_OPTION_STRICT_FOR_CLIENT, 1, NULL);
    if (o->log_callback) {
        alga_log_sink = o->log_callback;
        ALGA_OPT(MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)&alga_format_log, o->log_cls);
    }
    if (o->uri_callback) ALGA_OPT(MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)o->uri_callback, o->uri_cls);
    if (o->completed_callback) ALGA_OPT(MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)o->completed_callback, o->completed_cls);
    if (o->connection_callback) ALGA_OPT(MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)o->connection_callback, o->connection_cls);
    if (addr) ALGA_OPT(MHD_OPTION_SOCK_ADDR, 0, addr);
    ALGA_OPT(MHD_OPTION_END, 0, NULL);
#undef ALGA_OPT
    _Static_assert(sizeof items / sizeof items[0] >= 15, "option array too small");
    return MHD_start_daemon(flags, o->port, NULL, NULL, o->access_handler, o->access_cls,
                            MHD_OPTION_ARRAY, items, MHD_OPTION_END);
}

struct MHD_Daemon *alga_mhd_start(const alga_mhd_options *o) {
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (o->turbo) flags |= MHD_USE_TURBO;
    if (o->bind_host != NULL && o->bind_host[0] != '\0') {
        struct sockaddr_storage ss;
        socklen_t len = 0;
        int family = alga_fill_address(o->bind_host, o->port, &ss, &len);
        if (family < 0) return NULL;
        if (family == AF_INET6) flags |= MHD_USE_IPv6;
        return alga_start_with(o, flags, (const struct sockaddr *)&ss);
    }
    struct MHD_Daemon *d = alga_start_with(o, flags | MHD_USE_DUAL_STACK, NULL);
    if (d == NULL) d = alga_start_with(o, flags, NULL);
    return d;
}

uint16_t alga_mhd_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

int alga_mhd_connection_fd(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    return info ? info->connect_fd : -1;
}

void *alga_mhd_socket_context(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

unsigned int alga_mhd_http_status(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_HTTP_STATUS);
    return info ? info->http_status : 0;
}

size_t alga_mhd_request_header_size(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
    return info ? info->header_size : 0;
}

size_t alga_mhd_client_address(struct MHD_Connection *connection, char *buf, size_t buf_len) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL || buf_len == 0) return 0;
    const struct sockaddr *sa = info->client_addr;
    const char *ok = NULL;
    if (sa->sa_family == AF_INET) {
        ok = inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, (socklen_t)buf_len);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a6)) {
            ok = inet_ntop(AF_INET, &a6->s6_addr[12], buf, (socklen_t)buf_len);
        } else {
            ok = inet_ntop(AF_INET6, a6, buf, (socklen_t)buf_len);
        }
    }
    return ok ? strlen(buf) : 0;
}

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

int alga_watch_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int alga_watch_add(int epoll_fd, int fd, uint64_t token, int readable) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    ev.events = readable ? EPOLLIN : (EPOLLRDHUP | EPOLLONESHOT);
    ev.data.u64 = token;
    return epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

int alga_watch_remove(int epoll_fd, int fd) {
    struct epoll_event ev;
    memset(&ev, 0, sizeof ev);
    return epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, &ev) == 0 ? 0 : -errno;
}

int alga_watch_wait(int epoll_fd, uint64_t *tokens, int max, int timeout_ms) {
    struct epoll_event events[64];
    if (max > 64) max = 64;
    int n = epoll_wait(epoll_fd, events, max, timeout_ms);
    if (n < 0) return -errno;
    for (int i = 0; i < n; i++) tokens[i] = events[i].data.u64;
    return n;
}

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/eventfd.h>

int alga_temp_file(char *template_path) { return mkostemp(template_path, O_CLOEXEC); }

int alga_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

void alga_set_thread_name(const char *name) {
    char buf[16];
    strncpy(buf, name, sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    pthread_setname_np(pthread_self(), buf);
}

int alga_available_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}
