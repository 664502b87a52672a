/// Caps for one store (one request). Growth past `memoryBytes` is refused: a guest
/// `memory.grow` returns -1 (it does not trap); instantiation past a count fails.
public struct StoreLimits: Sendable, Hashable {
    /// The most bytes any one linear memory may grow to (also capped by
    /// `EngineConfig.maxMemorySize`).
    public var memoryBytes: Int
    /// The most elements any one table may grow to. Default 10 000.
    public var tableElements: Int
    /// Instances, tables and memories the store may create. Default 1 each: one module instance
    /// per request.
    public var instances: Int
    public var tables: Int
    public var memories: Int

    public init(memoryBytes: Int, tableElements: Int = 10_000, instances: Int = 1, tables: Int = 1,
                memories: Int = 1)
    {
        self.memoryBytes = memoryBytes
        self.tableElements = tableElements
        self.instances = instances
        self.tables = tables
        self.memories = memories
    }
}
