extension ExecuteHTTPRequest {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var method: String?
        var path: String?
        var query: [NameValuePair] = []
        var headers: [NameValuePair] = []
        var body: [UInt8] = []
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "method": method = try r.readWireString(.token, maxBytes: 32)
            case "path":
                let p = try r.readWireString(.visibleASCII, maxBytes: limits.maxPathBytes)
                guard p.utf8.first == UInt8(ascii: "/") else { throw r.error(.invalidValue, "must start with '/'") }
                path = p
            case "query":
                query = try r.readPairs(maxCount: limits.maxQueryPairs, nameRule: .text, valueRule: .text,
                                        allowEmptyName: true, limits: limits)
            case "headers":
                headers = try r.readPairs(maxCount: limits.maxHeaders, nameRule: .token, valueRule: .fieldValue,
                                          limits: limits)
            case "body_b64": body = try r.readBase64(maxBytes: limits.maxBodyBytes)
            default: try r.skipValue()
            }
        }
        guard let method else { throw r.missingField("method") }
        guard let path else { throw r.missingField("path") }
        self.init(method: method, path: path, query: query, headers: headers, body: body)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("method")
        w.string(method)
        w.key("path")
        w.string(path)
        w.key("query")
        w.pairs(query)
        w.key("headers")
        w.pairs(headers)
        w.key("body_b64")
        w.base64(body)
        w.endObject()
    }
}
