import Foundation
import HTTPCore
import ServiceKit
import Shared

/// Decides who a request comes from. Three kinds of caller, three token sources:
/// API credentials (`CredentialFile`: admin, publisher, tenant), service tokens for the internal
/// API (`ServiceTokenFile`: gateway, assets service) and per-request scoped tokens for KV storage
/// and secrets (`ScopedTokenKeys`: the runner, on behalf of one install and one request).
/// Unconfigured sources authenticate nobody.
struct Authenticator: Sendable {
    let credentials: CredentialFile?
    let serviceTokens: ServiceTokenFile?
    let scopedKeys: ScopedTokenKeys?

    /// The API credential of the request; 401 when missing or unknown.
    func credential(_ request: HTTPRequest) throws(AppError) -> Credential {
        guard let token = Self.bearer(request), let credentials, let credential = credentials.authenticate(token: token) else {
            throw Self.unauthorized("missing or invalid credentials")
        }
        return credential
    }

    /// 403 unless the credential is the platform admin.
    func admin(_ request: HTTPRequest) throws(AppError) -> Credential {
        let c = try credential(request)
        guard c.isAdmin else { throw AppError.forbidden("this operation needs the platform admin credential") }
        return c
    }

    /// 403 unless the credential may manage `tenant`'s installs.
    func tenant(_ request: HTTPRequest, _ tenant: String) throws(AppError) -> Credential {
        let c = try credential(request)
        guard c.canManage(tenant: tenant) else { throw AppError.forbidden("this credential may not manage tenant \(Self.shown(tenant))") }
        return c
    }

    /// 401 unless the request carries a current service token.
    func service(_ request: HTTPRequest) throws(AppError) {
        try BearerToken.require(request, tokens: serviceTokens)
    }

    /// The verified scoped token of the request; 401 when missing, forged or expired.
    func scoped(_ request: HTTPRequest) throws(AppError) -> ScopedToken {
        guard let token = Self.bearer(request) else { throw Self.unauthorized("missing scoped token") }
        guard let scopedKeys else { throw AppError(.scopedTokenInvalid, status: 401, "no scoped-token keys are configured") }
        return try scopedKeys.verify(token)
    }

    static func bearer(_ request: HTTPRequest) -> String? {
        guard let header = request.headers["authorization"], header.utf8.count > 7, header.utf8.count <= 4096,
              header.prefix(7).lowercased() == "bearer " else { return nil }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func unauthorized(_ message: String) -> AppError {
        AppError(.unauthorized, status: 401, message, headers: [("WWW-Authenticate", "Bearer")])
    }

    /// Client-supplied identifiers in messages: quoted and cut short.
    static func shown(_ s: String) -> String { JSONBody.quote(s) }
}
