import Shared

/// In-memory console sessions of this replica, keyed by the SHA-256 of the session id (a memory
/// dump does not hand out cookies). A session ends at its absolute expiry, after `idleMillis`
/// without a request, at sign-out, or when `capacity` is reached and it is the oldest.
/// Thread-safe; the clock is injected so tests can move time.
final class ConsoleSessionStore: Sendable {
    private let sessions = LockedBox<[String: ConsoleSession]>([:])
    let lifetimeMillis: Int64
    let idleMillis: Int64
    let capacity: Int
    let now: @Sendable () -> Int64

    init(lifetimeSeconds: Int, idleSeconds: Int, capacity: Int, now: @escaping @Sendable () -> Int64 = { Now.unixMicroseconds() / 1000 }) {
        lifetimeMillis = Int64(lifetimeSeconds) * 1000
        idleMillis = Int64(idleSeconds) * 1000
        self.capacity = capacity
        self.now = now
    }

    /// Starts a session; returns its id (64 hex characters, 256 random bits) and the session.
    func create(tenantID: String, apiKey: String, apiKeyID: String?, credentialExpiresAt: Int64?) -> (id: String, session: ConsoleSession) {
        let id = Hex.encode(SecureRandom.bytes(32))
        let t = now()
        var expires = t + lifetimeMillis
        if let exp = credentialExpiresAt { expires = min(expires, exp * 1000) }
        let session = ConsoleSession(tenantID: tenantID, apiKey: apiKey, apiKeyID: apiKeyID, csrfToken: Hex.encode(SecureRandom.bytes(32)),
                                     createdAt: t, lastSeenAt: t, expiresAt: expires)
        let key = Self.key(id)
        sessions.withLock { all in
            if all.count >= capacity { Self.evict(&all, now: t, idle: idleMillis, capacity: capacity) }
            all[key] = session
        }
        return (id, session)
    }

    /// The live session for a cookie value, its idle clock restarted; nil when unknown or ended.
    func touch(_ id: String) -> ConsoleSession? {
        guard Self.isWellFormed(id) else { return nil }
        let key = Self.key(id)
        let t = now()
        return sessions.withLock { all -> ConsoleSession? in
            guard var s = all[key] else { return nil }
            guard t < s.expiresAt, t - s.lastSeenAt < idleMillis else {
                all[key] = nil
                return nil
            }
            s.lastSeenAt = t
            all[key] = s
            return s
        }
    }

    /// Signs out; true when the session existed.
    @discardableResult
    func remove(_ id: String) -> Bool {
        guard Self.isWellFormed(id) else { return false }
        let key = Self.key(id)
        return sessions.withLock { all in all.removeValue(forKey: key) != nil }
    }

    var count: Int { sessions.withLock { $0.count } }

    /// Drops ended sessions; if still full, the least recently used ones.
    private static func evict(_ all: inout [String: ConsoleSession], now t: Int64, idle: Int64, capacity: Int) {
        all = all.filter { t < $0.value.expiresAt && t - $0.value.lastSeenAt < idle }
        guard all.count >= capacity else { return }
        let surplus = all.count - capacity + 1
        for (key, _) in all.sorted(by: { $0.value.lastSeenAt < $1.value.lastSeenAt }).prefix(surplus) { all[key] = nil }
    }

    static func isWellFormed(_ id: String) -> Bool {
        id.utf8.count == 64 && id.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    private static func key(_ id: String) -> String { Hex.encode(SHA256.hash(id)) }
}
