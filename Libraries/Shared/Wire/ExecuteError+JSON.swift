extension ExecuteError {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var code: ErrorCode?
        var message: String?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "code":
                let raw = try r.readWireString(.visibleASCII, maxBytes: 64)
                guard ErrorCode.isValid(raw) else {
                    throw r.error(.invalidValue, "must be snake_case: a lowercase letter, then [a-z0-9_]")
                }
                code = ErrorCode(raw)
            case "message": message = try r.readWireString(.text, maxBytes: limits.maxMessageBytes, allowEmpty: true)
            default: try r.skipValue()
            }
        }
        guard let code else { throw r.missingField("code") }
        guard let message else { throw r.missingField("message") }
        self.init(code: code, message: message)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("code")
        w.string(code.rawValue)
        w.key("message")
        w.string(message)
        w.endObject()
    }
}
