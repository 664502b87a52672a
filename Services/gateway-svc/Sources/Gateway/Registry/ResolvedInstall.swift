import Shared

/// A tenant's runnable install as the registry's resolve API describes it: everything the
/// gateway needs to build an execute request.
struct ResolvedInstall: Sendable {
    let tenantID: String
    let installID: String
    let extensionID: String
    let extensionName: String
    let versionID: String
    let contentHash: String
    let endpoints: EndpointTable
    let grants: [String]
    let timeoutMs: Int?
    let memoryMB: Int
    let fuel: UInt64?
    let egressAllow: [String]
    /// Install configuration with every value as a string: strings as they are, any other JSON
    /// value as its JSON text (the guest ABI's config values are strings).
    let config: [String: String]

    /// Parses a resolve answer; throws 502 `bad_gateway` when a required field is missing.
    init(json: JSONValue) throws(AppError) {
        func string(_ v: JSONValue?, _ field: String) throws(AppError) -> String {
            guard let s = v?.stringValue, !s.isEmpty else {
                throw AppError(.badGateway, status: 502, "the registry's resolve answer lacks \(field)")
            }
            return s
        }
        tenantID = try string(json["tenant_id"], "tenant_id")
        installID = try string(json["install_id"], "install_id")
        extensionID = try string(json["extension"]?["id"], "extension.id")
        extensionName = try string(json["extension"]?["name"], "extension.name")
        versionID = try string(json["version"]?["id"], "version.id")
        contentHash = try string(json["content_hash"], "content_hash")
        endpoints = EndpointTable(json: json["endpoints"])
        grants = (json["grants"]?.arrayValue ?? []).compactMap(\.stringValue)
        let limits = json["limits"]
        timeoutMs = limits?["timeout_ms"]?.numberValue?.int64Value.map { Int(clamping: $0) }
        memoryMB = limits?["memory_mb"]?.numberValue?.int64Value.map { Int(clamping: $0) } ?? 128
        fuel = limits?["fuel"]?.numberValue?.uint64Value
        egressAllow = (json["egress"]?["allow"]?.arrayValue ?? []).compactMap(\.stringValue)
        var config: [String: String] = [:]
        for (key, value) in json["config"]?.objectValue ?? JSONObject() {
            config[key] = value.stringValue ?? value.jsonText
        }
        self.config = config
    }
}
