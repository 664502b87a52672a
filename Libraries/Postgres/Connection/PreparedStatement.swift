import Shared

/// A statement for a hot path: parsed and planned once per connection, then executed by name.
/// Declare it once (`static let insertLog = PreparedStatement("INSERT ...")`). The server infers
/// parameter types from the statement, so cast parameters whose type is ambiguous (`$1::bytea`).
public struct PreparedStatement: Sendable, Hashable {
    public let sql: String
    /// Derived from the SQL text, so one text always maps to one server-side statement.
    public let name: String

    public init(_ sql: String) {
        self.sql = sql
        self.name = "alga_" + String(Hex.encode(SHA256.hash(sql)).prefix(32))
    }
}
