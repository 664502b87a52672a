import HTTPCore
import Postgres
import Shared

/// `POST /v1/events`: the host application reports an event of a tenant. One transaction of that
/// tenant writes the outbox row and one delivery per enabled install subscribed to the topic, so
/// an accepted event is never lost and never half-fanned-out. A repeated `event_id` (the host's
/// own id, for retried posts) answers with the first post's event and creates nothing.
struct EventIngest: Sendable {
    static let maxPayloadBytes = 256 << 10
    static let fields: Set<String> = ["tenant_id", "topic", "payload", "event_id"]

    struct Accepted: Sendable, Equatable {
        let eventID: String
        let deliveries: Int
        let duplicate: Bool
    }

    let pool: PostgresPool

    /// Validates the body; errors name the field.
    static func parse(_ body: [UInt8]) throws(AppError) -> (tenant: String, topic: String, payload: JSONValue, sourceID: String?) {
        guard body.count <= maxPayloadBytes + 4096 else {
            throw AppError(.payloadTooLarge, status: 413, "the event exceeds \(maxPayloadBytes) bytes")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(body) } catch { throw AppError.badRequest("body: must be a JSON object (\(AppError.wrapping(error).message))") }
        guard case .object(let object) = json else { throw AppError.badRequest("body: must be a JSON object") }
        for key in object.keys where !fields.contains(key) { throw AppError.badRequest("\(key): unknown field") }
        guard let tenant = json["tenant_id"]?.stringValue, Principal.isValidTenant(tenant) else {
            throw AppError.badRequest("tenant_id: required, 1-128 characters of A-Z a-z 0-9 . _ : - starting with a letter or digit")
        }
        guard let topic = json["topic"]?.stringValue, isTopic(topic) else {
            throw AppError.badRequest("topic: required, dot-separated lower-case words such as ticket.created (at most 128 characters)")
        }
        guard let payload = json["payload"] else { throw AppError.badRequest("payload: required (any JSON value)") }
        guard payload.encoded().count <= maxPayloadBytes else {
            throw AppError(.payloadTooLarge, status: 413, "payload: exceeds \(maxPayloadBytes) bytes")
        }
        var sourceID: String?
        if let v = json["event_id"] {
            guard let s = v.stringValue, (1...128).contains(s.utf8.count), s.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                throw AppError.badRequest("event_id: must be 1-128 visible ASCII characters")
            }
            sourceID = s
        }
        return (tenant, topic, payload, sourceID)
    }

    static func isTopic(_ s: String) -> Bool {
        guard (1...128).contains(s.utf8.count) else { return false }
        var previousWasSeparator = true
        for c in s.utf8 {
            let separator = c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            let word = (97...122).contains(c) || (48...57).contains(c)
            guard separator || word, !(separator && previousWasSeparator) else { return false }
            previousWasSeparator = separator
        }
        return !previousWasSeparator
    }

    func accept(tenant: String, topic: String, payload: JSONValue, sourceID: String?) async throws -> Accepted {
        let payloadText = payload.jsonText
        return try await pool.withTransaction(tenant: tenant) { tx in
            let inserted = try await tx.query("""
                INSERT INTO extension_event_outbox (tenant_id, topic, source_event_id, payload)
                VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING RETURNING id::text AS id
                """, [.text(tenant), .text(topic), .optional(sourceID), .text(payloadText)])
            if let row = inserted.first {
                let id: String = try row.decode("id")
                let n = try await tx.execute("""
                    INSERT INTO extension_event_delivery (tenant_id, event_id, install_id, handler)
                    SELECT s.tenant_id, $2::uuid, s.install_id, s.handler
                      FROM extension_event_subscription s
                      JOIN tenant_extension_install i ON i.tenant_id = s.tenant_id AND i.id = s.install_id
                     WHERE s.topic = $1 AND i.enabled
                    """, [.text(topic), .text(id)])
                return Accepted(eventID: id, deliveries: n, duplicate: false)
            }
            guard let sourceID, let row = try await tx.query("""
                SELECT o.id::text AS id, (SELECT count(*) FROM extension_event_delivery d WHERE d.event_id = o.id) AS n
                  FROM extension_event_outbox o WHERE o.source_event_id = $1
                """, [.text(sourceID)]).first else {
                throw AppError(.conflict, status: 409, "the event conflicts with a concurrent post; retry")
            }
            return Accepted(eventID: try row.decode("id"), deliveries: try row.decode("n"), duplicate: true)
        }
    }
}
