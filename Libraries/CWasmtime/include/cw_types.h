#ifndef CW_TYPES_H
#define CW_TYPES_H
/*
 * Type descriptors: value types, function types, and the import/export descriptors a module
 * lists. Constructors return owned objects; "new" functions that take other objects consume them.
 * Accessors return borrowed pointers that live as long as the object they came from.
 */
#include "cw_base.h"

/* An owned value type of the given wasm_valkind_t (only the six WASM_* kinds; anything else
   aborts the process). */
CW_API wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind);
/* An owned v128 value type. */
CW_API wasm_valtype_t *wasmtime_wasm_valtype_v128(void);
CW_API void wasm_valtype_delete(wasm_valtype_t *type);
/* Structural equality of two value types; never aborts.
   NOTE: wasm_valtype_kind is deliberately NOT declared: the library ABORTS THE PROCESS when asked
   for the kind of a v128 or of a GC reference type, which an untrusted module can contain. Value
   types are classified by comparing against prototypes with this function instead. */
CW_API bool wasmtime_wasm_valtype_equal(const wasm_valtype_t *a, const wasm_valtype_t *b);

/* Builds an owned vector from `size` owned value types (CONSUMES each element). */
CW_API void wasm_valtype_vec_new(wasm_valtype_vec_t *out, size_t size, wasm_valtype_t *const data[]);
CW_API void wasm_valtype_vec_new_empty(wasm_valtype_vec_t *out);
CW_API void wasm_valtype_vec_delete(wasm_valtype_vec_t *vec);

/* An owned function type; CONSUMES both vectors. */
CW_API wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results);
CW_API void wasm_functype_delete(wasm_functype_t *type);
/* Borrowed parameter and result lists. */
CW_API const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *type);
CW_API const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *type);

/* The kind of an extern type (wasm_externkind_t) and, for functions, its borrowed function type
   (NULL for other kinds). */
CW_API wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *type);
CW_API const wasm_functype_t *wasm_externtype_as_functype_const(const wasm_externtype_t *type);

/* Import descriptors: borrowed module name, item name (not NUL-terminated) and type. */
CW_API const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *import);
CW_API const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *import);
CW_API const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *import);
CW_API void wasm_importtype_vec_delete(wasm_importtype_vec_t *vec);

/* Export descriptors: borrowed name (not NUL-terminated) and type. */
CW_API const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *export_);
CW_API const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *export_);
CW_API void wasm_exporttype_vec_delete(wasm_exporttype_vec_t *vec);

#endif
