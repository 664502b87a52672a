import Shared

extension PostgresPool {
    /// Runs `body` in one transaction on a pooled connection and commits; rolls back when `body`
    /// throws. The transaction starts with `set_config('app.tenant_id', tenant, true)` (i.e.
    /// `SET LOCAL`), so row-level security limits every statement to `tenant`, the setting ends
    /// with the transaction, and a pooled connection never carries one tenant into another's
    /// transaction. With `tenant == nil` tenant tables show zero rows and refuse writes.
    ///
    /// The transaction holds a pooled connection until `body` returns: do no slow work (network
    /// calls, waiting on other services) inside it.
    ///
    /// `maxAttempts > 1` re-runs the whole transaction (body included) after a serialization
    /// failure or deadlock, with jittered exponential backoff; `body` must then be safe to re-run.
    ///
    /// Throws `AppError`: 400 for an invalid tenant id, 503 when no connection is available, the
    /// mapped database error otherwise, or whatever `body` threw.
    @discardableResult
    public func withTransaction<T: Sendable>(
        tenant: String?, isolation: IsolationLevel = .readCommitted, readOnly: Bool = false, maxAttempts: Int = 1,
        isolation actor: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> T
    ) async throws -> T {
        if let tenant { try Self.validateTenant(tenant) }
        var attempt = 1
        while true {
            do {
                return try await once(tenant: tenant, isolation: isolation, readOnly: readOnly, body)
            } catch let e as AppError where e.postgres?.isRetryable == true && attempt < maxAttempts {
                let base = min(200, 5 << min(attempt, 6))
                let sleep = Int.random(in: base / 2...base)
                logger.debug("retrying transaction after \(e.postgres?.sqlState ?? "?")",
                             ["db.attempt": .int(Int64(attempt)), "db.backoff_ms": .int(Int64(sleep))])
                try await Task.sleep(for: .milliseconds(sleep))
                attempt += 1
            }
        }
    }

    private func once<T: Sendable>(
        tenant: String?, isolation: IsolationLevel, readOnly: Bool,
        isolation actor: isolated (any Actor)? = #isolation,
        _ body: (PostgresTransaction) async throws -> T
    ) async throws -> T {
        let worker = try await acquire()
        defer { release(worker) }
        do {
            try await worker.run { w in try w.begin(isolation: isolation, readOnly: readOnly, tenant: tenant) }
        } catch let e as PostgresError {
            await worker.runIgnoringErrors { $0.rollback() }
            throw e.appError()
        }
        let tx = PostgresTransaction(worker: worker, tenant: tenant)
        let result: T
        do {
            result = try await body(tx)
        } catch {
            tx.end()
            await worker.runIgnoringErrors { $0.rollback() }
            throw error
        }
        tx.end()
        do {
            try await worker.run { w in try w.commit() }
        } catch let e as PostgresError {
            await worker.runIgnoringErrors { $0.resetIfNotIdle() }
            throw e.appError()
        }
        return result
    }

    /// Tenant ids follow the `alga_tenant` domain: 1-128 of `[A-Za-z0-9._:-]`, starting alphanumeric.
    static func validateTenant(_ tenant: String) throws(AppError) {
        let u = tenant.utf8
        guard (1...128).contains(u.count), let first = u.first, isAlnum(first),
              u.allSatisfy({ isAlnum($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                  || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") })
        else {
            throw AppError.badRequest("tenant id must be 1-128 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit")
        }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }
}

extension ConnectionWorker {
    func runIgnoringErrors(_ body: @escaping @Sendable (ConnectionWorker) -> Void) async {
        _ = try? await run { w in body(w) }
    }
}
