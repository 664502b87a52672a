/// One dependency a service needs before it can do useful work (the object store, Postgres,
/// a peer service). `check` returns nil when the dependency is usable, else a short reason
/// that is safe to show (it appears in `/readyz`).
public struct ReadinessCheck: Sendable {
    public let name: String
    public let check: @Sendable () async -> String?

    public init(_ name: String, _ check: @escaping @Sendable () async -> String?) {
        self.name = name
        self.check = check
    }
}
