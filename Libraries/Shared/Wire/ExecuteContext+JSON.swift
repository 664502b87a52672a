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
            case "request_id": requestID = try r.readWireString(.requestID, maxBytes: 128)
            case "tenant_id": tenantID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "extension_id": extensionID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "install_id": installID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "version_id": versionID = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "content_hash": contentHash = try r.readWireString(.contentHash, maxBytes: 71)
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
