import Bundle
import Shared

/// The changeable parts of an install, as a request states them. `nil` means "not given" (keep
/// the current value, or the default on install); `secrets` maps a name to its new value, or to
/// nil to delete it.
struct InstallSpec: Sendable {
    var grants: [Capability]?
    var config: JSONObject?
    var secrets: [(name: String, value: [UInt8]?)] = []
    var egress: [String]?
    var limits: InstallLimits?
    var enabled: Bool?

    static let fields: Set<String> = ["granted_caps", "config", "secrets", "egress_allowlist", "limits", "enabled"]
    static let maxConfigBytes = 64 << 10
    static let maxConfigKeys = 256
    static let maxSecrets = 64

    init(_ body: JSONBody) throws(AppError) {
        grants = try Self.grants(body, "granted_caps")
        if let config = try body.object("config") { self.config = try Self.validateConfig(config) }
        if let secrets = try body.object("secrets") { self.secrets = try Self.secrets(secrets) }
        if let egress = try body.strings("egress_allowlist", maxCount: EgressRule.maxEntries) {
            try EgressRule.validate(egress)
            self.egress = egress
        }
        if let limits = try body.object("limits") { self.limits = try InstallLimits(limits) }
        enabled = try body.bool("enabled")
    }

    /// A list of capability names: known, without repeats.
    static func grants(_ body: JSONBody, _ key: String) throws(AppError) -> [Capability]? {
        guard let names = try body.strings(key, maxCount: Capability.allCases.count * 2) else { return nil }
        var out: [Capability] = []
        for (i, name) in names.enumerated() {
            guard let cap = Capability(rawValue: name) else {
                throw AppError.badRequest("\(key)[\(i)]: unknown capability \(JSONBody.quote(name)); known: "
                    + Capability.allCases.map(\.rawValue).joined(separator: ", "))
            }
            guard !out.contains(cap) else { throw AppError.badRequest("\(key)[\(i)]: \(name) is listed twice") }
            out.append(cap)
        }
        return out
    }

    /// Config is any JSON object of at most 256 members and 64 KiB; member names are 1–128
    /// bytes without control characters. Never secrets (they have their own field).
    static func validateConfig(_ config: JSONObject) throws(AppError) -> JSONObject {
        guard config.count <= maxConfigKeys else {
            throw AppError(.configInvalid, status: 400, "config: at most \(maxConfigKeys) members")
        }
        for key in config.keys {
            guard (1...128).contains(key.utf8.count), key.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) else {
                throw AppError(.configInvalid, status: 400, "config.\(JSONBody.quote(key)): member names are 1-128 bytes without control characters")
            }
        }
        guard JSONValue.object(config).encoded().count <= maxConfigBytes else {
            throw AppError(.configInvalid, status: 400, "config: larger than \(maxConfigBytes) bytes")
        }
        return config
    }

    /// `{"name": "value" | null}`; names as the guest ABI's secret names.
    static func secrets(_ object: JSONObject) throws(AppError) -> [(name: String, value: [UInt8]?)] {
        guard object.count <= maxSecrets else {
            throw AppError(.secretInvalid, status: 400, "secrets: at most \(maxSecrets) per request")
        }
        var out: [(name: String, value: [UInt8]?)] = []
        for (name, value) in object {
            guard isSecretName(name) else {
                throw AppError(.secretInvalid, status: 400, "secrets.\(JSONBody.quote(name)): names are 1-128 characters of A-Z a-z 0-9 _ . -")
            }
            switch value {
            case .null:
                out.append((name, nil))
            case .string(let s):
                guard s.utf8.count <= SecretBox.maxValueBytes else {
                    throw AppError(.secretInvalid, status: 400, "secrets.\(name): larger than \(SecretBox.maxValueBytes) bytes")
                }
                out.append((name, Array(s.utf8)))
            default:
                throw AppError(.secretInvalid, status: 400, "secrets.\(name): must be a string, or null to delete it")
            }
        }
        return out
    }

    static func isSecretName(_ s: String) -> Bool {
        (1...128).contains(s.utf8.count) && s.utf8.allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }
}
