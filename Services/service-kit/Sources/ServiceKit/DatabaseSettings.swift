import Foundation
import Shared

/// `DATABASE_URL` (registry, gateway): a `postgres://` or `postgresql://` URL. Unset until the
/// Postgres issue lands; when set, readiness checks that its host accepts connections.
public struct DatabaseSettings: Sendable, Equatable {
    public let url: String
    public let host: String
    public let port: Int

    public init?(environment env: Environment) throws(ConfigError) {
        guard let raw = env.get("DATABASE_URL") else { return nil }
        guard let schemeEnd = raw.range(of: "://"),
              ["postgres", "postgresql"].contains(raw[..<schemeEnd.lowerBound])
        else {
            throw ConfigError(variable: "DATABASE_URL", reason: "must start with postgres:// or postgresql://")
        }
        let afterScheme = raw[schemeEnd.upperBound...]
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" }
        let hostPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? ""
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw ConfigError(variable: "DATABASE_URL", reason: "has an invalid port")
            }
            host = String(hostPort[..<colon])
            port = p
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.url = raw
        self.host = host.isEmpty ? "localhost" : host
        self.port = port
    }

    /// The URL with any password replaced by `***`, for logs.
    public var redacted: String {
        guard let schemeEnd = url.range(of: "://") else { return "***" }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        let user = userInfo.split(separator: ":", maxSplits: 1).first ?? ""
        return String(url[..<schemeEnd.upperBound]) + user + ":***" + String(rest[at...])
    }
}
