#ifndef CW_CONFIG_H
#define CW_CONFIG_H
/*
 * Engine configuration. A wasm_config_t is owned by the caller until it is passed to
 * wasm_engine_new_with_config, which takes ownership; delete it yourself only if it never
 * reached an engine. A pooling configuration is always owned by the caller:
 * wasmtime_pooling_allocation_strategy_set copies it, so delete it afterwards.
 */
#include "cw_base.h"

CW_API wasm_config_t *wasm_config_new(void);
CW_API void wasm_config_delete(wasm_config_t *config);

/* Boolean switches. */
CW_API void wasmtime_config_epoch_interruption_set(wasm_config_t *config, bool enable);
CW_API void wasmtime_config_consume_fuel_set(wasm_config_t *config, bool enable);
CW_API void wasmtime_config_parallel_compilation_set(wasm_config_t *config, bool enable);
CW_API void wasmtime_config_wasm_multi_memory_set(wasm_config_t *config, bool enable);
CW_API void wasmtime_config_wasm_threads_set(wasm_config_t *config, bool enable);
CW_API void wasmtime_config_wasm_memory64_set(wasm_config_t *config, bool enable);

/* Code generation. */
CW_API void wasmtime_config_strategy_set(wasm_config_t *config, wasmtime_strategy_t strategy);
CW_API void wasmtime_config_cranelift_opt_level_set(wasm_config_t *config, wasmtime_opt_level_t level);

/* Sizes: native stack budget for wasm (bytes) and the linear-memory virtual layout (bytes). */
CW_API void wasmtime_config_max_wasm_stack_set(wasm_config_t *config, size_t bytes);
CW_API void wasmtime_config_memory_reservation_set(wasm_config_t *config, uint64_t bytes);
CW_API void wasmtime_config_memory_guard_size_set(wasm_config_t *config, uint64_t bytes);
CW_API void wasmtime_config_memory_reservation_for_growth_set(wasm_config_t *config, uint64_t bytes);

/* The pooling instance allocator: fixed slots allocated once per engine. */
CW_API wasmtime_pooling_allocation_config_t *wasmtime_pooling_allocation_config_new(void);
CW_API void wasmtime_pooling_allocation_config_delete(wasmtime_pooling_allocation_config_t *pooling);
/* Switches `config` to the pooling allocator with a copy of `pooling` (not consumed). */
CW_API void wasmtime_pooling_allocation_strategy_set(wasm_config_t *config,
                                                     const wasmtime_pooling_allocation_config_t *pooling);
CW_API void wasmtime_pooling_allocation_config_total_core_instances_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_total_memories_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_total_tables_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_total_stacks_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_max_memories_per_module_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_max_tables_per_module_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_max_unused_warm_slots_set(
    wasmtime_pooling_allocation_config_t *pooling, uint32_t count);
CW_API void wasmtime_pooling_allocation_config_max_memory_size_set(
    wasmtime_pooling_allocation_config_t *pooling, size_t bytes);
CW_API void wasmtime_pooling_allocation_config_max_core_instance_size_set(
    wasmtime_pooling_allocation_config_t *pooling, size_t bytes);
CW_API void wasmtime_pooling_allocation_config_table_elements_set(
    wasmtime_pooling_allocation_config_t *pooling, size_t elements);
CW_API void wasmtime_pooling_allocation_config_linear_memory_keep_resident_set(
    wasmtime_pooling_allocation_config_t *pooling, size_t bytes);

#endif
