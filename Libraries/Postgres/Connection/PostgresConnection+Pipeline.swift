import CPostgres

extension PostgresConnection {
    /// Sends several parameterized statements in one round trip (libpq pipeline mode) and waits
    /// for all of them. Statements after a failed one are skipped by the server; the first
    /// failure is thrown. Used to open a transaction and set its tenant in one round trip.
    func pipeline(_ statements: [(sql: String, params: EncodedParameters)]) throws(PostgresError) {
        let c = try live()
        guard PQenterPipelineMode(c) == 1 else { throw lastError(c) }
        defer { _ = PQexitPipelineMode(c) }
        for s in statements {
            let sent = s.params.withPointers { types, values, lengths, formats in
                PQsendQueryParams(c, s.sql, Int32(s.params.count), types, values, lengths, formats, 0)
            }
            guard sent == 1 else { throw lastError(c) }
        }
        guard PQpipelineSync(c) == 1 else { throw lastError(c) }
        var firstError: PostgresError?
        // Each statement yields its result then NULL; the sync point ends the pipeline. The bound
        // only guards against a libpq surprise; a lost connection ends the loop through PQstatus.
        for _ in 0..<(statements.count * 4 + 8) {
            guard let result = PQgetResult(c) else {
                if PQstatus(c) != CONNECTION_OK { break }
                continue
            }
            let status = PQresultStatus(result)
            if status == PGRES_PIPELINE_SYNC {
                PQclear(result)
                if let firstError { throw firstError }
                return
            }
            if status == PGRES_FATAL_ERROR, firstError == nil { firstError = resultError(result, c) }
            PQclear(result)
        }
        guard var error = firstError else { throw lastError(c) }
        error.connectionLost = error.connectionLost || PQstatus(c) != CONNECTION_OK
        throw error
    }
}
