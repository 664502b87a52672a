#include "CWasmtime.h"
