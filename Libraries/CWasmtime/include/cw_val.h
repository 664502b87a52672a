#ifndef CW_VAL_H
#define CW_VAL_H
/*
 * Values and store-scoped item handles. These are plain data (no ownership) that refer to
 * objects inside one store: they are valid only with the context of that store and only while
 * the store lives. The private fields are never read; they exist so that sizes and offsets match
 * the library exactly (checked in shim.c and WasmHostTests).
 *
 * The pinned library is built WITH the GC feature, so wasmtime_valunion_t carries the three
 * GC reference members and is 24 bytes; wasmtime_val_t is therefore 32 bytes. Getting this
 * wrong silently breaks the stride of every value array passed to or from the library.
 */
#include "cw_base.h"

/* A 128-bit SIMD value. */
typedef uint8_t wasmtime_v128[16];

/* A function inside a store; store_id == 0 is the null funcref. */
typedef struct wasmtime_func {
    uint64_t store_id;
    void *private_index;
} wasmtime_func_t;

/* The leading part shared by memory, table and tag handles (16 bytes with padding). */
typedef struct wasmtime_store_slot {
    uint64_t store_id;
    uint32_t private_index;
} wasmtime_store_slot_t;

/* A linear memory inside a store. */
typedef struct wasmtime_memory {
    wasmtime_store_slot_t slot;
    uint32_t private_instance;
} wasmtime_memory_t;

/* A table inside a store. */
typedef struct wasmtime_table {
    wasmtime_store_slot_t slot;
    uint32_t private_instance;
} wasmtime_table_t;

/* An exception tag inside a store. */
typedef struct wasmtime_tag {
    wasmtime_store_slot_t slot;
    uint32_t private_instance;
} wasmtime_tag_t;

/* A global inside a store. */
typedef struct wasmtime_global {
    uint64_t store_id;
    uint32_t private_1;
    uint32_t private_2;
    uint32_t private_3;
} wasmtime_global_t;

/* An instance inside a store. */
typedef struct wasmtime_instance {
    uint64_t store_id;
    size_t private_index;
} wasmtime_instance_t;

/* GC references (anyref, externref, exnref) share one layout. */
typedef struct wasmtime_anyref {
    uint64_t store_id;
    uint32_t private_1;
    uint32_t private_2;
    void *private_3;
} wasmtime_anyref_t;

typedef struct wasmtime_externref {
    uint64_t store_id;
    uint32_t private_1;
    uint32_t private_2;
    void *private_3;
} wasmtime_externref_t;

typedef struct wasmtime_exnref {
    uint64_t store_id;
    uint32_t private_1;
    uint32_t private_2;
    void *private_3;
} wasmtime_exnref_t;

/* The payload of wasmtime_val_t; 24 bytes because of the GC reference members. */
typedef union wasmtime_valunion {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    wasmtime_anyref_t anyref;
    wasmtime_externref_t externref;
    wasmtime_exnref_t exnref;
    wasmtime_func_t funcref;
    wasmtime_v128 v128;
} wasmtime_valunion_t;

/* A typed value: kind (wasmtime_valkind_t) at offset 0, payload at offset 8; 32 bytes. */
typedef struct wasmtime_val {
    wasmtime_valkind_t kind;
    wasmtime_valunion_t of;
} wasmtime_val_t;

/* An untyped value slot for the unchecked call and callback paths; 16 bytes. Integers are
   stored in little-endian order at offset 0 regardless of their width. */
typedef union wasmtime_val_raw {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    wasmtime_v128 v128;
    uint32_t anyref;
    uint32_t externref;
    uint32_t exnref;
    void *funcref;
} wasmtime_val_raw_t;

/* The payload of wasmtime_extern_t. */
typedef union wasmtime_extern_union {
    wasmtime_func_t func;
    wasmtime_global_t global;
    wasmtime_table_t table;
    wasmtime_memory_t memory;
    wasmtime_sharedmemory_t *sharedmemory;
    wasmtime_tag_t tag;
} wasmtime_extern_union_t;

/* An exported item: kind (wasmtime_extern_kind_t) at offset 0, payload at offset 8; 32 bytes.
   Values returned by the library are owned and released with wasmtime_extern_delete (which only
   frees anything for the SHAREDMEMORY kind). */
typedef struct wasmtime_extern {
    wasmtime_extern_kind_t kind;
    wasmtime_extern_union_t of;
} wasmtime_extern_t;

/* Releases whatever an owned extern holds. */
CW_API void wasmtime_extern_delete(wasmtime_extern_t *item);

#endif
