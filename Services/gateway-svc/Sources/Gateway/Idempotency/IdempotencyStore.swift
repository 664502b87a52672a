import Postgres
import Shared

/// `Idempotency-Key` records in `gateway_idempotency_record`, scoped by (tenant, extension) and
/// shared by every replica. A key is `in_flight` (with a lease, so a crashed replica's key is
/// taken over after it) until `completed` with the response to replay; it expires after the
/// configured TTL. A key reused for a different request (method, path, query or body) is refused.
struct IdempotencyStore: Sendable {
    enum Start: Sendable, Equatable {
        /// This request owns the key now: run it, then `complete` or `release`.
        case proceed
        case replay(StoredResponse)
        case inFlight
        case mismatch
    }

    let pool: PostgresPool
    let ttlSeconds: Int

    /// Keys are 1–255 visible ASCII characters.
    static func isValidKey(_ key: String) -> Bool {
        (1...255).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// SHA-256 of what identifies a request: method, path and query (raw), body.
    static func fingerprint(method: String, target: String, body: [UInt8]) -> [UInt8] {
        let h = SHA256()
        h.update(method)
        h.update("\n")
        h.update(target)
        h.update("\n")
        h.update(SHA256.hash(body))
        return h.finalize()
    }

    func start(tenant: String, registryID: String, key: String, fingerprint: [UInt8], leaseSeconds: Int) async throws -> Start {
        try await pool.withTransaction(tenant: tenant) { [ttlSeconds] tx in
            let inserted = try await tx.query("""
                INSERT INTO gateway_idempotency_record (tenant_id, registry_id, idempotency_key, request_fingerprint, state,
                                                        lease_until, expires_at)
                VALUES ($1, $2::uuid, $3, $4, 'in_flight', now() + make_interval(secs => $5::integer),
                        now() + make_interval(secs => $6::integer))
                ON CONFLICT (tenant_id, registry_id, idempotency_key) DO NOTHING
                RETURNING 1 AS inserted
                """, [.text(tenant), .text(registryID), .text(key), .bytes(fingerprint), .int(leaseSeconds), .int(ttlSeconds)])
            if !inserted.isEmpty { return .proceed }
            guard let row = try await tx.query("""
                SELECT request_fingerprint, state, lease_until > now() AS leased, expires_at <= now() AS expired,
                       response_status, response_headers::text AS response_headers, response_body
                  FROM gateway_idempotency_record
                 WHERE tenant_id = $1 AND registry_id = $2::uuid AND idempotency_key = $3 FOR UPDATE
                """, [.text(tenant), .text(registryID), .text(key)]).first else {
                throw AppError(.conflict, status: 409, "the idempotency record changed concurrently; retry")
            }
            let expired: Bool = try row.decode("expired")
            let state: String = try row.decode("state")
            if !expired {
                guard try row.decode("request_fingerprint", as: [UInt8].self) == fingerprint else { return .mismatch }
                if state == "completed" {
                    return .replay(StoredResponse(status: try row.decode("response_status"),
                                                  headers: StoredResponse.headers(fromJSON: try row.decode("response_headers")),
                                                  body: try row.decode("response_body", as: [UInt8]?.self) ?? []))
                }
                if try row.decode("leased", as: Bool?.self) == true { return .inFlight }
            }
            // Expired, or a lease its replica never finished: this request takes the key over.
            try await tx.execute("""
                UPDATE gateway_idempotency_record
                   SET request_fingerprint = $4, state = 'in_flight', lease_until = now() + make_interval(secs => $5::integer),
                       response_status = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL,
                       created_at = now(), expires_at = now() + make_interval(secs => $6::integer)
                 WHERE tenant_id = $1 AND registry_id = $2::uuid AND idempotency_key = $3
                """, [.text(tenant), .text(registryID), .text(key), .bytes(fingerprint), .int(leaseSeconds), .int(ttlSeconds)])
            return .proceed
        }
    }

    /// Stores the response to replay.
    func complete(tenant: String, registryID: String, key: String, response: StoredResponse) async throws {
        try await pool.withTransaction(tenant: tenant) { tx in
            try await tx.execute("""
                UPDATE gateway_idempotency_record
                   SET state = 'completed', lease_until = NULL, response_status = $4, response_headers = $5::jsonb,
                       response_body = $6, completed_at = now()
                 WHERE tenant_id = $1 AND registry_id = $2::uuid AND idempotency_key = $3 AND state = 'in_flight'
                """, [.text(tenant), .text(registryID), .text(key), .int(response.status), .text(response.headersJSON),
                      .bytes(response.body)])
        }
    }

    /// Forgets an in-flight key whose request never reached execution, so a retry may run it.
    func release(tenant: String, registryID: String, key: String) async throws {
        try await pool.withTransaction(tenant: tenant) { tx in
            try await tx.execute("""
                DELETE FROM gateway_idempotency_record
                 WHERE tenant_id = $1 AND registry_id = $2::uuid AND idempotency_key = $3 AND state = 'in_flight'
                """, [.text(tenant), .text(registryID), .text(key)])
        }
    }
}
