import Foundation

/// Codable mirrors of the wire types, so Foundation's coders decode the same documents into the
/// same shape (Data fields use JSONDecoder's default Base64 strategy). Benchmark only.
struct FoundationRequest: Codable {
    struct Context: Codable {
        var request_id, tenant_id, extension_id, install_id, version_id, content_hash: String
        var config: [String: String]
    }
    struct HTTP: Codable {
        var method, path: String
        var query, headers: [[String]]
        var body_b64: Data
    }
    struct Limits: Codable {
        var timeout_ms, memory_mb: Int
        var fuel: UInt64?
    }
    struct Egress: Codable { var allow: [String] }
    var version: Int
    var context: Context
    var http: HTTP
    var limits: Limits
    var grants: [String]
    var egress: Egress
    var scoped_token: String
    var endpoint: Endpoint?

    struct Endpoint: Codable {
        var route: String
        var handler: String
        var params: [String: String]
    }
}
