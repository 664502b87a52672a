import HTTPCore
import Shared

/// Catalog and installs: thin, checked relays to the registry on the session tenant's paths.
extension ConsoleAPI {
    static let actions: Set<String> = ["enable", "disable", "upgrade"]
    static let installFields: Set<String> = ["extension", "version", "granted_caps", "config", "secrets", "egress_allowlist",
                                             "limits"]
    static let updateFields: Set<String> = ["granted_caps", "config", "secrets", "egress_allowlist", "limits"]
    static let actionFields: Set<String> = ["version", "granted_caps"]

    func catalog(_ request: HTTPRequest) async throws -> HTTPResponse {
        _ = try guardian.session(request)
        return Self.relay(try await registry.call("GET", "/v1/registry/extensions?limit=100&state=active"))
    }

    func versions(_ request: HTTPRequest) async throws -> HTTPResponse {
        _ = try guardian.session(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        return Self.relay(try await registry.call("GET", "/v1/registry/extensions/\(RegistryClient.encode(name))/versions?state=active&limit=100"))
    }

    func version(_ request: HTTPRequest) async throws -> HTTPResponse {
        _ = try guardian.session(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        let version = try Self.name(request.parameter("version"), "version")
        return Self.relay(try await registry.call(
            "GET", "/v1/registry/extensions/\(RegistryClient.encode(name))/versions/\(RegistryClient.encode(version))"))
    }

    func installs(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.session(request)
        return Self.relay(try await registry.call("GET", ConsoleRegistry.installs(s.tenantID) + "?limit=100"))
    }

    func install(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.mutating(request)
        let body = try Self.only(ConsoleGuard.jsonObject(request), Self.installFields)
        return Self.relay(try await registry.call("POST", ConsoleRegistry.installs(s.tenantID), json: .object(body)))
    }

    func update(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.mutating(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        let body = try Self.only(ConsoleGuard.jsonObject(request), Self.updateFields)
        return Self.relay(try await registry.call("PATCH", ConsoleRegistry.installs(s.tenantID, name), json: .object(body)))
    }

    func act(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.mutating(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        let action = request.parameter("action")
        guard Self.actions.contains(action) else {
            throw AppError(.notFound, status: 404, "action: one of enable, disable, upgrade")
        }
        let body = try Self.only(ConsoleGuard.jsonObject(request), Self.actionFields)
        return Self.relay(try await registry.call("POST", ConsoleRegistry.installs(s.tenantID, name, action), json: .object(body)))
    }

    func uninstall(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.mutating(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        return Self.relay(try await registry.call("DELETE", ConsoleRegistry.installs(s.tenantID, name)))
    }

    /// `GET /console/api/installs/{extension}/ui`: where "Open Extension" loads the UI from
    /// (`{assets}/ext-ui/{extension}/{content hash}/{entry below ui/}`), for an enabled install
    /// whose version has an iframe UI.
    func ui(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.session(request)
        let name = try Self.name(request.parameter("extension"), "extension")
        let install = try await registry.call("GET", ConsoleRegistry.installs(s.tenantID, name))
        guard install.status == 200 else { return Self.relay(install) }
        guard let version = install.json["version"]?["version"]?.stringValue,
              let hash = install.json["version"]?["content_hash"]?.stringValue else {
            throw AppError(.badGateway, status: 502, "the registry's install answer has no version")
        }
        guard install.json["enabled"]?.boolValue == true else {
            throw AppError(.conflict, status: 409, "the install is disabled: enable it to open its UI")
        }
        let detail = try await registry.call(
            "GET", "/v1/registry/extensions/\(RegistryClient.encode(name))/versions/\(RegistryClient.encode(version))")
        guard detail.status == 200 else { return Self.relay(detail) }
        guard let entry = detail.json["manifest"]?["ui"]?["entry"]?.stringValue, entry.hasPrefix("ui/") else {
            throw AppError(.notFound, status: 404, "this extension version has no UI")
        }
        let path = entry.dropFirst(3).split(separator: "/").map { RegistryClient.encode(String($0)) }.joined(separator: "/")
        let src = "\(settings.assetsOrigin)/ext-ui/\(RegistryClient.encode(name))/\(hash)/\(path)"
        let title = detail.json["manifest"]?["ui"]?["hooks"]?["appMenu"]?["label"]?.stringValue ?? name
        return HTTPResponse.json(JSONValue.object(["extension": .string(name), "version": .string(version), "src": .string(src),
                                                   "title": .string(title)]).jsonText)
    }

    /// A path parameter checked before it reaches a registry URL: 1–256 printable characters.
    static func name(_ value: String, _ field: String) throws(AppError) -> String {
        guard (1...256).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw AppError(.badRequest, status: 400, "\(field): 1-256 printable ASCII characters")
        }
        return value
    }

    /// The object with only `allowed` members; any other member is refused by name.
    static func only(_ body: JSONObject, _ allowed: Set<String>) throws(AppError) -> JSONObject {
        for key in body.keys where !allowed.contains(key) {
            throw AppError(.badRequest, status: 400, "\(key): unknown field (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return body
    }
}
