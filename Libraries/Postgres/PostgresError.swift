import Shared

/// What the server (or libpq) reported for a failed statement or connection.
///
/// Carries the fields callers branch on (`sqlState`, `constraint`) and the primary message.
/// The server's `DETAIL` field is deliberately not kept: it can echo row values (e.g. the key of
/// a unique violation), and errors end up in logs.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Five-character SQLSTATE, or nil for a client-side or connection failure without one.
    public var sqlState: String?
    public var message: String
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// True when libpq reports the connection unusable; the pool replaces such connections.
    public var connectionLost: Bool

    public init(sqlState: String?, message: String, constraint: String? = nil, table: String? = nil,
                column: String? = nil, connectionLost: Bool = false) {
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
        self.table = table
        self.column = column
        self.connectionLost = connectionLost
    }

    public var description: String {
        var s = "postgres error"
        if let sqlState { s += " \(sqlState)" }
        s += ": \(message)"
        if let table { s += " [table \(table)]" }
        if let constraint { s += " [constraint \(constraint)]" }
        if let column { s += " [column \(column)]" }
        if connectionLost { s += " [connection lost]" }
        return s
    }

    /// Serialization failure (40001) or deadlock (40P01): the transaction may succeed if re-run.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    var sqlClass: String? { sqlState.map { String($0.prefix(2)) } }
}

extension AppError {
    /// The database error behind this error, if any.
    public var postgres: PostgresError? { cause as? PostgresError }
}
