import HTTPCore

/// Who made a change, from where, in which request: what every audit row records.
struct AuditContext: Sendable {
    var actor: String
    /// The peer's numeric address (nil when unknown).
    var address: String?
    var requestID: String

    init(actor: String, address: String?, requestID: String) {
        self.actor = actor
        self.address = address
        self.requestID = requestID
    }

    init(_ credential: Credential, _ request: HTTPRequest) {
        self.init(actor: credential.name, address: request.remoteAddress.isEmpty ? nil : request.remoteAddress,
                  requestID: request.requestID)
    }
}
