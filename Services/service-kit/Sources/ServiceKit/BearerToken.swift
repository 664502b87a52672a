import HTTPCore
import Shared

/// Service-to-service authentication with `Authorization: Bearer <token>` against a token file.
public enum BearerToken {
    /// Throws 401 `unauthorized` (with `WWW-Authenticate: Bearer`) unless the request carries a
    /// token from `tokens`. No token file configured means every request is refused.
    public static func require(_ request: HTTPRequest, tokens: ServiceTokenFile?) throws(AppError) {
        guard let tokens, let header = request.headers["authorization"], header.count > 7,
              header.prefix(7).lowercased() == "bearer ", tokens.accepts(String(header.dropFirst(7)))
        else {
            throw AppError(.unauthorized, status: 401, "missing or invalid service token",
                           headers: [("WWW-Authenticate", "Bearer")])
        }
    }
}
