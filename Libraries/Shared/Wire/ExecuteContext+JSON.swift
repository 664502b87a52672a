extension ExecuteContext {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var requestID: String?
        var tenantID: String?
        var extensionID: String?
        var installID: String?
        var versionID: String?
        var contentHash: String?
        var config: [String: String]?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "request_id":
                let id = try r.readWireString(.visibleASCII, maxBytes: 128)
                guard RequestID.sanitize(id) == id else {
                    throw r.error(.invalidValue, "must be 1 to 128 characters of [A-Za-z0-9._:-]")
                }
                requestID = id
            case "tenant_id": tenantID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "extension_id": extensionID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "install_id": installID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "version_id": versionID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "content_hash":
                let hash = try r.readWireString(.visibleASCII, maxBytes: 71)
                guard ExecuteContext.isContentHash(hash) else {
                    throw r.error(.invalidValue, "must be 'sha256:' followed by 64 lowercase hex digits")
                }
                contentHash = hash
            case "config":
                config = try r.readStringMap(maxCount: limits.maxConfigEntries, maxValueBytes: limits.maxConfigValueBytes,
                                             limits: limits)
            default: try r.skipValue()
            }
        }
        guard let requestID else { throw r.missingField("request_id") }
        guard let tenantID else { throw r.missingField("tenant_id") }
        guard let extensionID else { throw r.missingField("extension_id") }
        guard let installID else { throw r.missingField("install_id") }
        guard let versionID else { throw r.missingField("version_id") }
        guard let contentHash else { throw r.missingField("content_hash") }
        self.init(requestID: requestID, tenantID: tenantID, extensionID: extensionID, installID: installID,
                  versionID: versionID, contentHash: contentHash, config: config ?? [:])
    }

    /// `sha256:` and 64 lowercase hex digits.
    static func isContentHash(_ s: String) -> Bool {
        let prefix: StaticString = "sha256:"
        var i = 0
        for c in s.utf8 {
            if i < 7 {
                guard c == prefix.utf8Start[i] else { return false }
            } else {
                guard (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
                else { return false }
            }
            i += 1
        }
        return i == 71
    }

    func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("request_id")
        w.string(requestID)
        w.key("tenant_id")
        w.string(tenantID)
        w.key("extension_id")
        w.string(extensionID)
        w.key("install_id")
        w.string(installID)
        w.key("version_id")
        w.string(versionID)
        w.key("content_hash")
        w.string(contentHash)
        w.key("config")
        w.beginObject()
        for name in config.keys.sorted() {
            w.key(name)
            w.string(config[name] ?? "")
        }
        w.endObject()
        w.endObject()
    }
}
