/// Hosts the handler may reach with `alga.http.fetch`; empty denies all egress.
public struct EgressPolicy: Sendable, Equatable {
    /// Host patterns as configured on the install (`api.example.com`, `*.example.com`,
    /// `api.example.com:8443`); matching is the runner's concern.
    public var allow: [String]

    public init(allow: [String] = []) { self.allow = allow }
}
