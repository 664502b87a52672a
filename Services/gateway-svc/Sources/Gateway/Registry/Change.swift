import Shared

/// One change-feed row (docs/registry.md, "Change feed").
struct Change: Sendable {
    let seq: Int64
    let kind: String
    let tenantID: String?
    let registryID: String?
    let installID: String?
    let keyID: String?
    let extensionName: String?

    init(json: JSONValue) {
        seq = json["seq"]?.numberValue?.int64Value ?? 0
        kind = json["kind"]?.stringValue ?? ""
        tenantID = json["tenant_id"]?.stringValue
        registryID = json["registry_id"]?.stringValue
        installID = json["install_id"]?.stringValue
        keyID = json["key_id"]?.stringValue
        extensionName = json["extension"]?.stringValue
    }
}
