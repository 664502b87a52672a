extension ExecuteResponse {
    /// Decodes and validates a response body; throws 400 `bad_request` (413 `payload_too_large`)
    /// naming the JSON path and the reason.
    public static func decode(_ bytes: some Collection<UInt8>, limits: WireLimits = .default) throws -> ExecuteResponse {
        try JSONReader.read(bytes, limits: limits.json) { r in try ExecuteResponse(reading: &r, limits: limits) }
    }

    /// Compact JSON, `version` first.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: 384 + Base64.encodedLength(body.count))
        write(to: &w)
        return w.bytes
    }

    /// Checks this value against the rules ``decode(_:limits:)`` applies, e.g. a guest's response
    /// before the runner sends it.
    public func validate(limits: WireLimits = .default) throws {
        _ = try ExecuteResponse.decode(encoded(), limits: limits)
    }

    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var version: Int?
        var mustUnderstand: [String] = []
        var status: Int64?
        var headers: [NameValuePair] = []
        var body: [UInt8] = []
        var failure: ExecuteError?
        var usage: ExecuteUsage?
        var logs: [GuestLogLine] = []
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "version": version = try r.readWireVersion()
            case "must_understand":
                mustUnderstand = try r.readMustUnderstand(understood: ExecuteResponse.understoodFields, limits: limits)
            case "status": status = try r.readInt(in: ExecuteResponse.statusRange)
            case "headers":
                headers = try r.readPairs(maxCount: limits.maxHeaders, nameRule: .token, valueRule: .fieldValue,
                                          limits: limits)
            case "body_b64": body = try r.readBase64(maxBytes: limits.maxBodyBytes)
            case "error":
                failure = try r.readNullIfPresent() ? nil : try ExecuteError(reading: &r, limits: limits)
            case "usage": usage = try ExecuteUsage(reading: &r)
            case "logs": logs = try r.readGuestLogs(limits: limits)
            default: try r.skipValue()
            }
        }
        guard let version else { throw r.missingField("version") }
        guard let status else { throw r.missingField("status") }
        guard let usage else { throw r.missingField("usage") }
        self.init(version: version, mustUnderstand: mustUnderstand, status: Int(status), headers: headers, body: body,
                  error: failure, usage: usage, logs: logs)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("version")
        w.int(version)
        if !mustUnderstand.isEmpty {
            w.key("must_understand")
            w.stringList(mustUnderstand)
        }
        w.key("status")
        w.int(status)
        w.key("headers")
        w.pairs(headers)
        w.key("body_b64")
        w.base64(body)
        if let error {
            w.key("error")
            error.write(to: &w)
        }
        w.key("usage")
        usage.write(to: &w)
        if !logs.isEmpty {
            w.key("logs")
            w.pairs(logs.map { NameValuePair($0.level, $0.message) })
        }
        w.endObject()
    }
}
