import Shared

/// Transaction control, run as jobs on the worker's thread.
extension ConnectionWorker {
    static let setTenantSQL = "SELECT set_config('app.tenant_id', $1, true)"

    /// BEGIN, then set `app.tenant_id` for this transaction only (`is_local` = true), sent together
    /// in one round trip. With no tenant the setting is set to '' explicitly, so nothing a previous
    /// user of the session did can leak in. A connection found dead at BEGIN (nothing has happened
    /// yet) is replaced once.
    func begin(isolation: IsolationLevel, readOnly: Bool, tenant: String?) throws(PostgresError) {
        let sql = "BEGIN ISOLATION LEVEL \(isolation.sql)" + (readOnly ? " READ ONLY" : "")
        let params: EncodedParameters
        do {
            params = try EncodedParameters([.text(tenant ?? "")])
        } catch {
            preconditionFailure("BUG in ConnectionWorker.begin: tenant was not validated")
        }
        // One round trip for both statements (pipeline mode).
        let statements = [(sql: sql, params: EncodedParameters.none), (sql: Self.setTenantSQL, params: params)]
        let conn = try connection(healthCheck: true)
        do {
            try conn.pipeline(statements)
        } catch where error.connectionLost {
            discardConnection()
            try connection(healthCheck: false).pipeline(statements)
        }
    }

    /// COMMIT. The server answers a COMMIT of a failed transaction with a ROLLBACK tag and no
    /// error; that is reported as an error here, so a swallowed statement error never looks
    /// like success.
    func commit() throws(PostgresError) {
        let tag = try connection(healthCheck: false).commandTag("COMMIT")
        guard tag == "COMMIT" else {
            throw PostgresError(sqlState: "25P02",
                                message: "transaction was rolled back because an earlier statement failed")
        }
    }

    /// Best-effort ROLLBACK; a connection that cannot roll back is closed instead.
    func rollback() {
        guard let conn = currentConnection, conn.isUsable else {
            discardConnection()
            return
        }
        if conn.isIdle { return }
        do {
            _ = try conn.script("ROLLBACK")
        } catch {
            discardConnection()
        }
    }

    /// Called before the worker goes back to the pool: a session left inside a transaction is
    /// never handed to the next caller.
    func resetIfNotIdle() {
        if let conn = currentConnection, !conn.isIdle { discardConnection() }
    }
}
