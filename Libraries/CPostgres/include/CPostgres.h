#ifndef C_POSTGRES_H
#define C_POSTGRES_H
#include <postgresql/libpq-fe.h>
#endif
