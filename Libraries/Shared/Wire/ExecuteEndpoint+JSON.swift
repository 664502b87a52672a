extension ExecuteEndpoint {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var route: String?
        var handler: String?
        var params: [String: String] = [:]
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "route": route = try r.readWireString(.visibleASCII, maxBytes: limits.maxPathBytes)
            case "handler": handler = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "params":
                params = try r.readStringMap(maxCount: limits.maxQueryPairs, maxValueBytes: limits.maxValueBytes,
                                             limits: limits)
            default: try r.skipValue()
            }
        }
        guard let route else { throw r.missingField("route") }
        guard let handler else { throw r.missingField("handler") }
        self.init(route: route, handler: handler, params: params)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("route")
        w.string(route)
        w.key("handler")
        w.string(handler)
        w.key("params")
        w.stringMap(params)
        w.endObject()
    }
}
