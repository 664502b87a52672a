import CPostgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Shared

/// One libpq connection. Every call blocks, so a connection is confined to one thread (a
/// `ConnectionWorker`'s or the listener's) and is not `Sendable`. Owns its `PGconn`; `deinit`
/// closes it.
final class PostgresConnection {
    private var conn: OpaquePointer?
    /// Names of statements prepared on this session (they vanish with it).
    private var prepared = Set<String>()
    /// Receives server notices (libpq would print them to stderr); must outlive `conn`.
    private let notices: NoticeSink

    /// Connects with `PQconnectdbParams`. `url` may be a URL or key=value conninfo; the options
    /// pin UTC, ISO dates and UTF-8 so text results parse the same everywhere.
    init(configuration: PostgresConfiguration, logger: Logger) throws(PostgresError) {
        notices = NoticeSink(logger: logger)
        var options = "-c TimeZone=UTC -c DateStyle=ISO -c client_encoding=UTF8 -c IntervalStyle=iso_8601"
        if let t = configuration.statementTimeout {
            options += " -c statement_timeout=\(Self.milliseconds(t))"
        }
        if let t = configuration.idleInTransactionTimeout {
            options += " -c idle_in_transaction_session_timeout=\(Self.milliseconds(t))"
        }
        let pairs: [(String, String)] = [
            ("dbname", configuration.url),
            ("connect_timeout", String(configuration.connectTimeoutSeconds)),
            ("application_name", configuration.applicationName),
            ("options", options),
        ]
        conn = Self.withCStrings(pairs.map(\.0)) { keys in
            Self.withCStrings(pairs.map(\.1)) { values in PQconnectdbParams(keys, values, 1) }
        }
        guard let conn else {
            throw PostgresError(sqlState: nil, message: "out of memory creating a connection", connectionLost: true)
        }
        if PQstatus(conn) != CONNECTION_OK {
            let message = Self.firstLine(PQerrorMessage(conn))
            PQfinish(conn)
            self.conn = nil
            throw PostgresError(sqlState: nil, message: "cannot connect: \(message)", connectionLost: true)
        }
        PQsetNoticeProcessor(conn, { arg, message in
            guard let arg, let message else { return }
            Unmanaged<NoticeSink>.fromOpaque(arg).takeUnretainedValue().receive(message)
        }, Unmanaged.passUnretained(notices).toOpaque())
    }

    deinit { close() }

    func close() {
        if let conn { PQfinish(conn) }
        conn = nil
        prepared.removeAll()
    }

    var isUsable: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// True when the session is idle outside a transaction (safe to hand to the next user).
    var isIdle: Bool { conn.map { PQtransactionStatus($0) == PQTRANS_IDLE } ?? false }

    /// The server process id (for `pg_terminate_backend` in tests and for logs).
    var backendPID: Int32 { conn.map { PQbackendPID($0) } ?? 0 }

    /// Runs one parameterized statement (extended protocol, so never more than one statement).
    func query(_ sql: String, _ params: EncodedParameters) throws(PostgresError) -> PostgresRows {
        let c = try live()
        let result = params.withPointers { types, values, lengths, formats in
            PQexecParams(c, sql, Int32(params.count), types, values, lengths, formats, 0)
        }
        return try consume(result, c)
    }

    /// Runs a statement prepared once per session under `statement.name`.
    func query(_ statement: PreparedStatement, _ params: EncodedParameters) throws(PostgresError) -> PostgresRows {
        let c = try live()
        if !prepared.contains(statement.name) {
            _ = try consume(PQprepare(c, statement.name, statement.sql, 0, nil), c)
            prepared.insert(statement.name)
        }
        let result = params.withPointers { _, values, lengths, formats in
            PQexecPrepared(c, statement.name, Int32(params.count), values, lengths, formats, 0)
        }
        return try consume(result, c)
    }

    /// Runs trusted SQL without parameters, possibly several statements (the simple query
    /// protocol). Only for migrations and fixed control statements (BEGIN, COMMIT, LISTEN).
    func script(_ sql: String) throws(PostgresError) -> PostgresRows {
        let c = try live()
        return try consume(PQexec(c, sql), c)
    }

    // MARK: notifications (LISTEN)

    var socket: Int32 { conn.map { PQsocket($0) } ?? -1 }

    /// Reads whatever the server sent; false when the connection is gone.
    func consumeInput() -> Bool {
        guard let conn else { return false }
        return PQconsumeInput(conn) == 1 && PQstatus(conn) == CONNECTION_OK
    }

    func nextNotification() -> PostgresNotification? {
        guard let conn, let n = PQnotifies(conn) else { return nil }
        defer { PQfreemem(n) }
        return PostgresNotification(channel: String(cString: n.pointee.relname),
                                    payload: n.pointee.extra.map { String(cString: $0) } ?? "",
                                    senderPID: n.pointee.be_pid)
    }

    // MARK: helpers

    func live() throws(PostgresError) -> OpaquePointer {
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            throw PostgresError(sqlState: nil, message: "connection is closed", connectionLost: true)
        }
        return conn
    }

    private func consume(_ result: OpaquePointer?, _ c: OpaquePointer) throws(PostgresError) -> PostgresRows {
        guard let result else { throw lastError(c) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return Self.rows(result)
        default:
            throw resultError(result, c)
        }
    }

    /// The error a failed result carries (SQLSTATE, message, constraint, table, column).
    func resultError(_ result: OpaquePointer, _ c: OpaquePointer) -> PostgresError {
        func field(_ code: UInt8) -> String? {
            PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
        }
        let message = field(UInt8(ascii: "M")) ?? Self.firstLine(PQresultErrorMessage(result))
        let sqlState = field(UInt8(ascii: "C"))
        // The server ending the session (admin shutdown, crash, connection exception) makes the
        // connection unusable even before libpq has read the end of the stream.
        let sessionEnded = sqlState.map { $0.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains($0) } ?? false
        return PostgresError(sqlState: sqlState, message: message,
                             constraint: field(UInt8(ascii: "n")), table: field(UInt8(ascii: "t")),
                             column: field(UInt8(ascii: "c")),
                             connectionLost: sessionEnded || PQstatus(c) != CONNECTION_OK)
    }

    /// The connection-level error libpq reports.
    func lastError(_ c: OpaquePointer) -> PostgresError {
        PostgresError(sqlState: nil, message: Self.firstLine(PQerrorMessage(c)), connectionLost: PQstatus(c) != CONNECTION_OK)
    }

    private static func rows(_ result: OpaquePointer) -> PostgresRows {
        let nRows = Int(PQntuples(result))
        let nCols = Int(PQnfields(result))
        let columns = PostgresColumns(names: (0..<nCols).map { String(cString: PQfname(result, Int32($0))) })
        var rows = [PostgresRow]()
        rows.reserveCapacity(nRows)
        for r in 0..<Int32(nRows) {
            var values = [String?]()
            values.reserveCapacity(nCols)
            for c in 0..<Int32(nCols) {
                if PQgetisnull(result, r, c) == 1 {
                    values.append(nil)
                } else {
                    let len = Int(PQgetlength(result, r, c))
                    let p = UnsafeRawPointer(PQgetvalue(result, r, c)!).assumingMemoryBound(to: UInt8.self)
                    values.append(String(decoding: UnsafeBufferPointer(start: p, count: len), as: UTF8.self))
                }
            }
            rows.append(PostgresRow(columns: columns, values: values))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(rows: rows, affectedRows: affected, columnNames: columns.names)
    }

    /// The command tag of the last result, e.g. "COMMIT" or "ROLLBACK".
    func commandTag(_ sql: String) throws(PostgresError) -> String {
        let c = try live()
        guard let result = PQexec(c, sql) else { throw lastError(c) }
        let tag = String(cString: PQcmdStatus(result))
        _ = try consume(result, c)  // clears the result; throws on error
        return tag
    }

    private static func firstLine(_ p: UnsafePointer<CChar>?) -> String {
        guard let p else { return "unknown libpq error" }
        let s = String(cString: p)
        return String(s.split(separator: "\n", omittingEmptySubsequences: true).first ?? "unknown libpq error")
    }

    private static func milliseconds(_ d: Duration) -> Int64 { max(1, d.wholeMilliseconds) }

    /// NUL-terminated copies of `strings` as a `const char *const *` terminated by NULL.
    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
