#ifndef C_WASMTIME_H
#define C_WASMTIME_H
/* The project's own declarations of the Wasmtime v50 C API it uses (see WasmHost).
   The wheel ships no headers; declarations are written from docs/reference, not copied. */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#endif
