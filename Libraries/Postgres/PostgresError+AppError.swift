import Shared

extension PostgresError {
    /// The client-facing form. Messages name the constraint, table or column involved and never
    /// contain row values; the full `PostgresError` stays available as the `cause`.
    public func appError(file: String = #fileID, line: Int = #line) -> AppError {
        func make(_ code: ErrorCode, _ status: Int, _ message: String) -> AppError {
            AppError(code, status: status, message, cause: self, file: file, line: line)
        }
        let where_ = constraint.map { " (constraint \($0))" } ?? table.map { " (table \($0))" } ?? ""
        if connectionLost {
            return make(.unavailable, 503, "database unavailable")
        }
        switch sqlState {
        case "23505":
            return make(.conflict, 409, "already exists\(where_)")
        case "23503":
            return make(.conflict, 409, "a referenced row is missing or the row is still referenced\(where_)")
        case "23000", "23P01", "55P03":
            return make(.conflict, 409, "conflicts with the current state\(where_)")
        case "23502":
            return make(.badRequest, 400, "a required value is missing" + (column.map { " (column \($0))" } ?? where_))
        case "23514":
            return make(.badRequest, 400, "a value is out of range or malformed\(where_)")
        case "42501":
            return make(.forbidden, 403, "not permitted by database policy" + (table.map { " (table \($0))" } ?? ""))
        case "40001", "40P01":
            return make(.serializationFailure, 409, "concurrent update conflict; retry the request")
        case "57014":
            return make(.unavailable, 503, "database statement timed out")
        case "AQ001":
            // Raised by our own triggers with a message that names the quota and never a value.
            return make(.quotaExceeded, 429, message)
        default:
            break
        }
        switch sqlClass {
        case "22":
            return make(.badRequest, 400, "invalid value (SQLSTATE \(sqlState ?? "22000"))"
                + (column.map { " for column \($0)" } ?? ""))
        case "08", "53", "57":
            return make(.unavailable, 503, "database unavailable")
        default:
            return make(.internalError, 500, "internal error")
        }
    }
}
