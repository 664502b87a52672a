/// HTTP methods an endpoint may declare. `HEAD` and `OPTIONS` are not declarable.
public enum EndpointMethod: String, Sendable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case patch = "PATCH"
    case delete = "DELETE"
}
