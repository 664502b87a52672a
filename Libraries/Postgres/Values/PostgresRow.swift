import Shared

/// Column names of one result, shared by its rows.
final class PostgresColumns: Sendable {
    let names: [String]
    let index: [String: Int]

    init(names: [String]) {
        self.names = names
        var index = [String: Int](minimumCapacity: names.count)
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        self.index = index
    }
}

/// One result row, copied out of libpq; values are the columns' text forms.
public struct PostgresRow: Sendable {
    let columns: PostgresColumns
    let values: [String?]

    public var columnNames: [String] { columns.names }

    /// The column's value decoded as `T` (use an Optional to accept NULL).
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(AppError) -> T {
        guard let i = columns.index[column] else { throw AppError.internalError("result has no column \(column)") }
        return try T.decodePostgres(values[i], column: column)
    }

    /// The value at a zero-based column position.
    public func decode<T: PostgresDecodable>(_ position: Int, as type: T.Type = T.self) throws(AppError) -> T {
        guard values.indices.contains(position) else {
            throw AppError.internalError("result has no column at position \(position)")
        }
        return try T.decodePostgres(values[position], column: columns.names[position])
    }

    public func isNull(_ column: String) throws(AppError) -> Bool {
        guard let i = columns.index[column] else { throw AppError.internalError("result has no column \(column)") }
        return values[i] == nil
    }
}

/// The rows of one statement and the number of rows it affected (INSERT/UPDATE/DELETE).
public struct PostgresRows: Sendable, RandomAccessCollection {
    public let rows: [PostgresRow]
    public let affectedRows: Int
    public let columnNames: [String]

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> PostgresRow { rows[position] }

    /// The only row; zero or several rows are an error naming `what`.
    public func single(_ what: String = "row") throws(AppError) -> PostgresRow {
        guard rows.count == 1 else { throw AppError.internalError("expected exactly one \(what), got \(rows.count)") }
        return rows[0]
    }
}
