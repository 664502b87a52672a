#ifndef C_MICROHTTPD_H
#define C_MICROHTTPD_H
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>
#endif
