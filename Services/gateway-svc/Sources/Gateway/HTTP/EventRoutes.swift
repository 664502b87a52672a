#if EXTENSIONS
import HTTPCore
import ServiceKit
import Shared

/// `POST /v1/events` for the host application (docs/gateway.md, "Events"), authenticated with a
/// token of `GATEWAY_EVENTS_TOKEN_FILE` in the header phase.
enum EventRoutes {
    static func register(on router: inout Router, ingest: EventIngest?, tokens: ServiceTokenFile?, wake: AsyncWakeup?) {
        let options = RouteOptions(bodyLimit: Int64(EventIngest.maxPayloadBytes + 4096)) { head in
            try BearerToken.require(head, tokens: tokens)
            return nil
        }
        router.async(.post, "/v1/events", options: options) { request in
            guard let ingest else {
                throw AppError(.unavailable, status: 503, "events need the gateway's database (DATABASE_URL)")
            }
            let (tenant, topic, payload, sourceID) = try EventIngest.parse(try request.body.readAll())
            let accepted = try await ingest.accept(tenant: tenant, topic: topic, payload: payload, sourceID: sourceID)
            if accepted.deliveries > 0 { wake?.signal() }
            let json: JSONValue = ["event_id": .string(accepted.eventID), "deliveries": .number(JSONNumber(accepted.deliveries)),
                                   "duplicate": .bool(accepted.duplicate)]
            return HTTPResponse(status: accepted.duplicate ? 200 : 202, headers: ["content-type": "application/json"],
                                body: .bytes(json.encoded()))
        }
    }
}
#endif
