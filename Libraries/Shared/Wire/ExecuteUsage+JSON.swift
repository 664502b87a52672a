extension ExecuteUsage {
    init(reading r: inout JSONReader) throws {
        var durationUs: UInt64?
        var cpuUs: UInt64?
        var memoryPeakBytes: UInt64?
        var fuelUsed: UInt64?
        var egressBytes: UInt64?
        var hostCalls: UInt64?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "duration_us": durationUs = try r.readUInt64()
            case "cpu_us": cpuUs = try r.readUInt64()
            case "memory_peak_bytes": memoryPeakBytes = try r.readUInt64()
            case "fuel_used": fuelUsed = try r.readUInt64()
            case "egress_bytes": egressBytes = try r.readUInt64()
            case "host_calls": hostCalls = try r.readUInt64()
            default: try r.skipValue()
            }
        }
        guard let durationUs else { throw r.missingField("duration_us") }
        guard let cpuUs else { throw r.missingField("cpu_us") }
        guard let memoryPeakBytes else { throw r.missingField("memory_peak_bytes") }
        guard let fuelUsed else { throw r.missingField("fuel_used") }
        guard let egressBytes else { throw r.missingField("egress_bytes") }
        guard let hostCalls else { throw r.missingField("host_calls") }
        self.init(durationUs: durationUs, cpuUs: cpuUs, memoryPeakBytes: memoryPeakBytes, fuelUsed: fuelUsed,
                  egressBytes: egressBytes, hostCalls: hostCalls)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("duration_us")
        w.uint(durationUs)
        w.key("cpu_us")
        w.uint(cpuUs)
        w.key("memory_peak_bytes")
        w.uint(memoryPeakBytes)
        w.key("fuel_used")
        w.uint(fuelUsed)
        w.key("egress_bytes")
        w.uint(egressBytes)
        w.key("host_calls")
        w.uint(hostCalls)
        w.endObject()
    }
}
