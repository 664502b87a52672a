import Shared

/// The router's answer for one request.
public enum RouteMatch: Sendable {
    case found(Route, parameters: [String: String])
    /// The path exists but not for this method; `allowed` feeds the `Allow` header.
    case methodNotAllowed(allowed: [HTTPMethod])
    case notFound

    /// The client-facing error for a miss.
    var error: AppError? {
        switch self {
        case .found: nil
        case .notFound: AppError(.notFound, status: 404, "no route for this path")
        case .methodNotAllowed(let allowed):
            AppError(.methodNotAllowed, status: 405, "method not allowed for this path",
                     headers: [("Allow", allowed.map(\.rawValue).joined(separator: ", "))])
        }
    }
}
