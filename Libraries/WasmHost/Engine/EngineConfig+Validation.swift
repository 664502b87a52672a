extension EngineConfig {
    /// Rejects settings the library would refuse. The library does not report a bad
    /// configuration as an error: `wasm_engine_new_with_config` aborts the process. So every
    /// constraint it checks at engine creation is checked here first.
    public func validate() throws(WasmtimeError) {
        func fail(_ field: String, _ reason: String) -> WasmtimeError {
            WasmtimeError(.invalidConfiguration, "engine config: \(field) \(reason)")
        }
        let page = 64 << 10
        for (name, value) in [("totalCoreInstances", totalCoreInstances), ("totalMemories", totalMemories),
                              ("totalTables", totalTables), ("maxMemoriesPerModule", maxMemoriesPerModule),
                              ("maxTablesPerModule", maxTablesPerModule)] where value == 0 {
            throw fail(name, "must be at least 1")
        }
        guard maxMemorySize >= page, maxMemorySize % page == 0 else {
            throw fail("maxMemorySize", "must be a positive multiple of 64 KiB, got \(maxMemorySize)")
        }
        guard UInt64(maxMemorySize) <= memoryReservation else {
            throw fail("maxMemorySize", "(\(maxMemorySize)) must not exceed memoryReservation (\(memoryReservation))")
        }
        guard memoryReservation % UInt64(page) == 0, memoryGuardSize % UInt64(page) == 0 else {
            throw fail("memoryReservation/memoryGuardSize", "must be multiples of 64 KiB")
        }
        guard maxCoreInstanceSize >= 4096 else { throw fail("maxCoreInstanceSize", "must be at least 4096 bytes") }
        guard tableElements >= 0, linearMemoryKeepResident >= 0 else {
            throw fail("tableElements/linearMemoryKeepResident", "must not be negative")
        }
        guard maxWasmStack >= 64 << 10, maxWasmStack <= 64 << 20 else {
            throw fail("maxWasmStack", "must be between 64 KiB and 64 MiB, got \(maxWasmStack)")
        }
        guard epochTickInterval >= .milliseconds(1), epochTickInterval <= .seconds(1) else {
            throw fail("epochTickInterval", "must be between 1 ms and 1 s, got \(epochTickInterval)")
        }
        // Virtual address space for the memory pool: stay well inside a 47-bit user space.
        let slot = memoryReservation + memoryGuardSize
        let (total, overflow) = slot.multipliedReportingOverflow(by: UInt64(totalMemories))
        guard !overflow, total <= 64 << 40 else {
            throw fail("totalMemories", "× (memoryReservation + memoryGuardSize) exceeds 64 TiB of address space")
        }
    }
}
