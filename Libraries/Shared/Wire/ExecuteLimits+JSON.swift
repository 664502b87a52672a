extension ExecuteLimits {
    init(reading r: inout JSONReader) throws {
        var timeoutMs: Int64?
        var memoryMB: Int64?
        var fuel: UInt64?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "timeout_ms": timeoutMs = try r.readInt(in: ExecuteLimits.timeoutRange)
            case "memory_mb": memoryMB = try r.readInt(in: ExecuteLimits.memoryRange)
            case "fuel":
                if try r.readNullIfPresent() { fuel = nil; continue }
                let f = try r.readUInt64()
                guard f >= 1 else { throw r.error(.outOfRange, "must be at least 1 when present") }
                fuel = f
            default: try r.skipValue()
            }
        }
        guard let timeoutMs else { throw r.missingField("timeout_ms") }
        guard let memoryMB else { throw r.missingField("memory_mb") }
        self.init(timeoutMs: Int(timeoutMs), memoryMB: Int(memoryMB), fuel: fuel)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("timeout_ms")
        w.int(timeoutMs)
        w.key("memory_mb")
        w.int(memoryMB)
        if let fuel {
            w.key("fuel")
            w.uint(fuel)
        }
        w.endObject()
    }
}
