import Shared

/// The JSON documents the guest reads: the request head (§4.1) and the context (§4.5).
enum RequestHead {
    static func encode(_ request: ExecuteRequest) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + request.http.path.utf8.count)
        w.beginObject()
        w.key("trigger")
        w.string(request.trigger)
        w.key("method")
        w.string(request.http.method.uppercased())
        w.key("path")
        w.string(request.http.path)
        w.key("query")
        w.pairs(request.http.query)
        w.key("headers")
        w.pairs(request.http.headers.map { NameValuePair($0.name.lowercased(), $0.value) })
        w.key("route")
        w.string(request.endpoint?.route ?? "")
        w.key("handler")
        w.string(request.endpoint?.handler ?? "")
        w.key("params")
        w.stringMap(request.endpoint?.params ?? [:])
        w.key("body_len")
        w.int(request.http.body.count)
        w.endObject()
        return w.bytes
    }

    static func context(_ request: ExecuteRequest) -> [UInt8] {
        let c = request.context
        var w = JSONWriter(capacity: 512)
        w.beginObject()
        w.key("request_id")
        w.string(c.requestID)
        w.key("tenant_id")
        w.string(c.tenantID)
        w.key("extension_id")
        w.string(c.extensionID)
        w.key("install_id")
        w.string(c.installID)
        w.key("version_id")
        w.string(c.versionID)
        w.key("content_hash")
        w.string(c.contentHash)
        w.key("config")
        w.stringMap(c.config)
        w.key("user")
        if let user = request.user { user.write(to: &w) } else { w.null() }
        w.endObject()
        return w.bytes
    }
}
