#ifndef CW_BASE_H
#define CW_BASE_H
/* Scalar typedefs, enum constants, opaque handles and vectors shared by the other headers. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Marks every declared library function; WasmHostTests parses these declarations. */
#define CW_API extern

/* Opaque handles: only ever used through pointers (Swift sees OpaquePointer). */
typedef struct wasm_config_t wasm_config_t;
typedef struct wasm_engine_t wasm_engine_t;
typedef struct wasmtime_pooling_allocation_config_t wasmtime_pooling_allocation_config_t;
typedef struct wasmtime_store wasmtime_store_t;
typedef struct wasmtime_context wasmtime_context_t;
typedef struct wasmtime_module wasmtime_module_t;
typedef struct wasmtime_linker wasmtime_linker_t;
typedef struct wasmtime_instance_pre wasmtime_instance_pre_t;
typedef struct wasmtime_caller wasmtime_caller_t;
typedef struct wasmtime_error wasmtime_error_t;
typedef struct wasm_trap_t wasm_trap_t;
typedef struct wasm_valtype_t wasm_valtype_t;
typedef struct wasm_functype_t wasm_functype_t;
typedef struct wasm_externtype_t wasm_externtype_t;
typedef struct wasm_importtype_t wasm_importtype_t;
typedef struct wasm_exporttype_t wasm_exporttype_t;
typedef struct wasmtime_sharedmemory wasmtime_sharedmemory_t;

/* wasm.h value kinds (wasm_valkind_t). */
typedef uint8_t wasm_valkind_t;
static const wasm_valkind_t WASM_I32 = 0;
static const wasm_valkind_t WASM_I64 = 1;
static const wasm_valkind_t WASM_F32 = 2;
static const wasm_valkind_t WASM_F64 = 3;
static const wasm_valkind_t WASM_EXTERNREF = 128;
static const wasm_valkind_t WASM_FUNCREF = 129;

/* wasm.h extern kinds (wasm_externkind_t), as reported by wasm_externtype_kind. */
typedef uint8_t wasm_externkind_t;
static const wasm_externkind_t WASM_EXTERN_FUNC = 0;
static const wasm_externkind_t WASM_EXTERN_GLOBAL = 1;
static const wasm_externkind_t WASM_EXTERN_TABLE = 2;
static const wasm_externkind_t WASM_EXTERN_MEMORY = 3;
static const wasm_externkind_t WASM_EXTERN_TAG = 4;

/* wasmtime.h value kinds (wasmtime_valkind_t), the discriminant of wasmtime_val_t. */
typedef uint8_t wasmtime_valkind_t;
static const wasmtime_valkind_t WASMTIME_I32 = 0;
static const wasmtime_valkind_t WASMTIME_I64 = 1;
static const wasmtime_valkind_t WASMTIME_F32 = 2;
static const wasmtime_valkind_t WASMTIME_F64 = 3;
static const wasmtime_valkind_t WASMTIME_V128 = 4;
static const wasmtime_valkind_t WASMTIME_FUNCREF = 5;
static const wasmtime_valkind_t WASMTIME_EXTERNREF = 6;
static const wasmtime_valkind_t WASMTIME_ANYREF = 7;
static const wasmtime_valkind_t WASMTIME_EXNREF = 8;

/* wasmtime.h extern kinds (wasmtime_extern_kind_t), the discriminant of wasmtime_extern_t. */
typedef uint8_t wasmtime_extern_kind_t;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_FUNC = 0;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_GLOBAL = 1;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_TABLE = 2;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_MEMORY = 3;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_SHAREDMEMORY = 4;
static const wasmtime_extern_kind_t WASMTIME_EXTERN_TAG = 5;

/* Cranelift optimisation levels (wasmtime_opt_level_t). */
typedef uint8_t wasmtime_opt_level_t;
static const wasmtime_opt_level_t WASMTIME_OPT_LEVEL_NONE = 0;
static const wasmtime_opt_level_t WASMTIME_OPT_LEVEL_SPEED = 1;
static const wasmtime_opt_level_t WASMTIME_OPT_LEVEL_SPEED_AND_SIZE = 2;

/* Compilation strategies (wasmtime_strategy_t). */
typedef uint8_t wasmtime_strategy_t;
static const wasmtime_strategy_t WASMTIME_STRATEGY_AUTO = 0;
static const wasmtime_strategy_t WASMTIME_STRATEGY_CRANELIFT = 1;
static const wasmtime_strategy_t WASMTIME_STRATEGY_WINCH = 2;

/* Trap codes (wasmtime_trap_code_t); the values are fixed by the library. */
typedef uint8_t wasmtime_trap_code_t;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_STACK_OVERFLOW = 0;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_MEMORY_OUT_OF_BOUNDS = 1;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_HEAP_MISALIGNED = 2;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_TABLE_OUT_OF_BOUNDS = 3;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_INDIRECT_CALL_TO_NULL = 4;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_BAD_SIGNATURE = 5;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_INTEGER_OVERFLOW = 6;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_INTEGER_DIVISION_BY_ZERO = 7;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_BAD_CONVERSION_TO_INTEGER = 8;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_UNREACHABLE_CODE_REACHED = 9;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_INTERRUPT = 10;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_OUT_OF_FUEL = 11;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_ATOMIC_WAIT_NON_SHARED_MEMORY = 12;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_NULL_REFERENCE = 13;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_ARRAY_OUT_OF_BOUNDS = 14;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_ALLOCATION_TOO_LARGE = 15;
static const wasmtime_trap_code_t WASMTIME_TRAP_CODE_CAST_FAILURE = 16;

/* A vector of bytes. wasm_name_t and wasm_message_t are the same type. Owned vectors are
   released with wasm_byte_vec_delete; names are NOT NUL-terminated (trap messages are). */
typedef struct wasm_byte_vec_t {
    size_t size;
    uint8_t *data;
} wasm_byte_vec_t;
typedef wasm_byte_vec_t wasm_name_t;
typedef wasm_byte_vec_t wasm_message_t;

/* Vectors of owned pointers; deleting the vector deletes its elements. */
typedef struct wasm_valtype_vec_t {
    size_t size;
    wasm_valtype_t **data;
} wasm_valtype_vec_t;

typedef struct wasm_importtype_vec_t {
    size_t size;
    wasm_importtype_t **data;
} wasm_importtype_vec_t;

typedef struct wasm_exporttype_vec_t {
    size_t size;
    wasm_exporttype_t **data;
} wasm_exporttype_vec_t;

/* Copies `size` bytes from `data` into a new owned vector `out`. */
CW_API void wasm_byte_vec_new(wasm_byte_vec_t *out, size_t size, const uint8_t *data);
/* Releases an owned byte vector (and sets nothing else). */
CW_API void wasm_byte_vec_delete(wasm_byte_vec_t *vec);

#endif
