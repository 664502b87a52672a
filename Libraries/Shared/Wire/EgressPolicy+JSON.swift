extension EgressPolicy {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var allow: [String]?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "allow":
                allow = try r.readStringList(rule: .visibleASCII, maxBytes: limits.maxIDBytes, maxCount: limits.maxListEntries)
            default: try r.skipValue()
            }
        }
        guard let allow else { throw r.missingField("allow") }
        self.init(allow: allow)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("allow")
        w.stringList(allow)
        w.endObject()
    }
}
