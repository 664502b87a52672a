#ifndef C_MICROHTTPD_H
#define C_MICROHTTPD_H
/*
 * Typed wrappers for the parts of libmicrohttpd (Debian 0.9.75) that Swift cannot call:
 * MHD_start_daemon, MHD_get_daemon_info and MHD_get_connection_info are variadic.
 *
 * Ownership: the daemon returned by alga_mhd_start belongs to the caller, who stops it with
 * MHD_stop_daemon after resuming every suspended connection. Strings returned through `buf`
 * parameters are copied into caller-owned memory. Callback `cls` pointers are passed through
 * unchanged and must outlive the daemon.
 */
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/* Everything alga_mhd_start needs; zero means "library default" for the numeric limits. */
typedef struct alga_mhd_options {
    /* Numeric IPv4 or IPv6 address to bind, or NULL for all interfaces (dual stack when the
       host supports IPv6, IPv4 otherwise). */
    const char *bind_host;
    /* 0 picks a free port; read it back with alga_mhd_bound_port. */
    uint16_t port;
    /* Number of epoll worker threads (>= 1). */
    unsigned int thread_pool_size;
    unsigned int connection_limit;
    /* Per-connection memory pool: bounds request line + headers; MHD zeroes it per request. */
    size_t connection_memory_limit;
    /* Idle / slow-client timeout in seconds (0 = none). */
    unsigned int connection_timeout_seconds;
    unsigned int listen_backlog;
    /* Use MHD_USE_TURBO (no shutdown() before close, optimistic reads). */
    int turbo;

    MHD_AccessHandlerCallback access_handler;
    void *access_cls;
    /* Called with the raw request target before MHD parses it; its result becomes the
       request's `req_cls` (MHD_OPTION_URI_LOG_CALLBACK). */
    void *(*uri_callback)(void *cls, const char *uri, struct MHD_Connection *connection);
    void *uri_cls;
    MHD_RequestCompletedCallback completed_callback;
    void *completed_cls;
    MHD_NotifyConnectionCallback connection_callback;
    void *connection_cls;
    /* libmicrohttpd's own diagnostics, formatted (instead of printing to stderr). Every daemon
       shares one callback function; `log_cls` is per daemon. NULL keeps stderr. */
    void (*log_callback)(void *cls, const char *message);
    void *log_cls;
} alga_mhd_options;

/* Starts a daemon with MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
   MHD_USE_ERROR_LOG, strict request parsing (MHD_OPTION_STRICT_FOR_CLIENT = 1: HTTP/1.1
   without Host, spaces in the target are 400) and a no-op MHD_OPTION_UNESCAPE_CALLBACK, so
   the URL reaches the application exactly as sent. Returns NULL on failure (errno may say why). */
struct MHD_Daemon *alga_mhd_start(const alga_mhd_options *options);

/* The bound TCP port (useful after port 0), or 0 when unknown. */
uint16_t alga_mhd_bound_port(struct MHD_Daemon *daemon);

/* The connection's socket, or -1. Valid while the connection is open (e.g. while suspended). */
int alga_mhd_connection_fd(struct MHD_Connection *connection);

/* The per-connection pointer set in the notify-connection callback, or NULL. */
void *alga_mhd_socket_context(struct MHD_Connection *connection);

/* The status of the response queued on the connection, or 0 when none is queued. */
unsigned int alga_mhd_http_status(struct MHD_Connection *connection);

/* Size in bytes of the request line plus headers of the current request, or 0. */
size_t alga_mhd_request_header_size(struct MHD_Connection *connection);

/* Writes the peer's numeric address (no port) into buf as a NUL-terminated string.
   Returns its length, or 0 when unknown or buf is too small. */
size_t alga_mhd_client_address(struct MHD_Connection *connection, char *buf, size_t buf_len);

/*
 * Peer-disconnect watching for suspended connections (MHD does not poll a suspended socket).
 * An epoll set whose registrations carry a caller-chosen 64-bit token; each registration fires
 * once (EPOLLONESHOT) on EPOLLRDHUP/EPOLLHUP/EPOLLERR. The caller owns the epoll descriptor
 * and removes a registration before the watched socket can be closed.
 */
int alga_watch_create(void);
/* Returns 0 or -errno. */
int alga_watch_add(int epoll_fd, int fd, uint64_t token, int readable);
int alga_watch_remove(int epoll_fd, int fd);
/* Waits up to timeout_ms; stores up to max fired tokens; returns their count or -errno. */
int alga_watch_wait(int epoll_fd, uint64_t *tokens, int max, int timeout_ms);

/* Small Linux helpers Swift's Glibc module hides behind _GNU_SOURCE. */
/* mkostemp(template, O_CLOEXEC): template ends in XXXXXX and is rewritten; returns fd or -1. */
int alga_temp_file(char *template_path);
/* A non-blocking, close-on-exec eventfd, or -1. */
int alga_eventfd(void);
/* CPUs in this process's affinity mask (respects taskset and cpusets), or 0 if unknown. */
int alga_available_cpus(void);
/* Names the calling thread (at most 15 bytes are kept). */
void alga_set_thread_name(const char *name);

#endif
