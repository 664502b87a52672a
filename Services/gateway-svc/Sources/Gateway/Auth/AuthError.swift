import Shared

/// The 401/403 answers of authentication, each with its `WWW-Authenticate` challenge (RFC 6750).
enum AuthError {
    static let realm = "alga-ext"

    static func missing() -> AppError {
        AppError(.unauthorized, status: 401, "missing credentials: send Authorization: Bearer <JWT or API key>",
                 headers: [("WWW-Authenticate", "Bearer realm=\"\(realm)\"")])
    }

    static func invalidToken(_ why: String) -> AppError {
        AppError(.invalidToken, status: 401, "invalid token: \(why)",
                 headers: [("WWW-Authenticate", "Bearer realm=\"\(realm)\", error=\"invalid_token\"")])
    }

    static func expired() -> AppError {
        AppError(.tokenExpired, status: 401, "token expired",
                 headers: [("WWW-Authenticate", "Bearer realm=\"\(realm)\", error=\"invalid_token\", error_description=\"expired\"")])
    }

    static func invalidAPIKey() -> AppError {
        AppError(.invalidAPIKey, status: 401, "invalid API key: unknown, revoked or expired",
                 headers: [("WWW-Authenticate", "Bearer realm=\"\(realm)\", error=\"invalid_token\"")])
    }

    static func tenantMismatch(_ header: String) -> AppError {
        AppError(.tenantMismatch, status: 403, "the \(header) header names another tenant than the credential")
    }
}
