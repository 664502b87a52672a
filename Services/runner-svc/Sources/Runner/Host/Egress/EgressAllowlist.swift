import HTTPCore
import Shared

/// An install's egress allowlist, parsed: `http.fetch` may reach a URL only when one rule
/// matches its scheme, host and port. Deny by default: an empty list allows nothing (the
/// reference system's empty list allowed everything). Matching says nothing about addresses:
/// whatever a name resolves to is checked separately (`EgressAddressRules`).
struct EgressAllowlist: Sendable, Equatable {
    static let maxEntries = 64

    let rules: [EgressRule]

    static let empty = EgressAllowlist(rules: [])

    private init(rules: [EgressRule]) { self.rules = rules }

    /// Throws 400 `bad_request` naming the entry (`egress.allow[2]: port must be 1-65535`).
    init(parsing entries: [String]) throws(AppError) {
        guard entries.count <= Self.maxEntries else {
            throw AppError.badRequest("egress.allow: at most \(Self.maxEntries) entries")
        }
        var rules: [EgressRule] = []
        for (i, entry) in entries.enumerated() {
            do {
                rules.append(try EgressRule(parsing: entry))
            } catch {
                throw AppError.badRequest("egress.allow[\(i)]: \(error.reason)")
            }
        }
        self.rules = rules
    }

    func allows(_ url: HTTPClientURL) -> Bool { rules.contains { $0.matches(url) } }
}
