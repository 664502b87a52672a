extension ExecuteRequest {
    /// Decodes and validates a request body; throws 400 `bad_request` (413 `payload_too_large`)
    /// naming the JSON path and the reason.
    public static func decode(_ bytes: some Collection<UInt8>, limits: WireLimits = .default) throws -> ExecuteRequest {
        try JSONReader.read(bytes, limits: limits.json) { r in try ExecuteRequest(reading: &r, limits: limits) }
    }

    /// Compact JSON, `version` first.
    public func encoded() -> [UInt8] {
        var w = JSONWriter(capacity: 768 + Base64.encodedLength(http.body.count))
        write(to: &w)
        return w.bytes
    }

    /// Checks this value against the rules ``decode(_:limits:)`` applies, e.g. before sending it.
    public func validate(limits: WireLimits = .default) throws {
        _ = try ExecuteRequest.decode(encoded(), limits: limits)
    }

    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var version: Int?
        var mustUnderstand: [String] = []
        var context: ExecuteContext?
        var http: ExecuteHTTPRequest?
        var executeLimits: ExecuteLimits?
        var grants: [String]?
        var egress: EgressPolicy?
        var scopedToken: String?
        var endpoint: ExecuteEndpoint?
        var user: ExecuteUser?
        var trigger = "http"
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "version": version = try r.readWireVersion()
            case "must_understand":
                mustUnderstand = try r.readMustUnderstand(understood: ExecuteRequest.understoodFields, limits: limits)
            case "context": context = try ExecuteContext(reading: &r, limits: limits)
            case "http": http = try ExecuteHTTPRequest(reading: &r, limits: limits)
            case "limits": executeLimits = try ExecuteLimits(reading: &r)
            case "grants":
                grants = try r.readStringList(rule: .visibleASCII, maxBytes: limits.maxIDBytes, maxCount: limits.maxListEntries)
            case "egress": egress = try EgressPolicy(reading: &r, limits: limits)
            case "scoped_token": scopedToken = try r.readWireString(.visibleASCII, maxBytes: limits.maxTokenBytes)
            case "endpoint":
                endpoint = try r.readNullIfPresent() ? nil : try ExecuteEndpoint(reading: &r, limits: limits)
            case "user": user = try r.readNullIfPresent() ? nil : try ExecuteUser(reading: &r, limits: limits)
            case "trigger":
                trigger = try r.readWireString(.visibleASCII, maxBytes: 16)
                guard ExecuteRequest.triggers.contains(trigger) else {
                    throw r.error(.invalidValue, "must be one of \(ExecuteRequest.triggers.sorted().joined(separator: ", "))")
                }
            default: try r.skipValue()
            }
        }
        guard let version else { throw r.missingField("version") }
        guard let context else { throw r.missingField("context") }
        guard let http else { throw r.missingField("http") }
        guard let executeLimits else { throw r.missingField("limits") }
        guard let grants else { throw r.missingField("grants") }
        guard let egress else { throw r.missingField("egress") }
        guard let scopedToken else { throw r.missingField("scoped_token") }
        self.init(version: version, mustUnderstand: mustUnderstand, context: context, http: http, limits: executeLimits,
                  grants: grants, egress: egress, scopedToken: scopedToken, endpoint: endpoint, user: user, trigger: trigger)
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("version")
        w.int(version)
        if !mustUnderstand.isEmpty {
            w.key("must_understand")
            w.stringList(mustUnderstand)
        }
        w.key("context")
        context.write(to: &w)
        w.key("http")
        http.write(to: &w)
        w.key("limits")
        limits.write(to: &w)
        w.key("grants")
        w.stringList(grants)
        w.key("egress")
        egress.write(to: &w)
        w.key("scoped_token")
        w.string(scopedToken)
        if let endpoint {
            w.key("endpoint")
            endpoint.write(to: &w)
        }
        if let user {
            w.key("user")
            user.write(to: &w)
        }
        if trigger != "http" {
            w.key("trigger")
            w.string(trigger)
        }
        w.endObject()
    }
}
