/// Gateway → runner: one handler execution (`POST /v1/execute`). Encode and decode with
/// ``encoded()`` and ``decode(_:limits:)``; the JSON form is documented in
/// docs/design/002-wire-codec.md and follows the envelope rule in ``WireEnvelope``.
public struct ExecuteRequest: Sendable, Equatable {
    /// Envelope version (see ``WireEnvelope``); this build reads and writes 1.
    public var version: Int
    /// Dotted field paths the receiver must implement or refuse the request.
    public var mustUnderstand: [String]
    public var context: ExecuteContext
    public var http: ExecuteHTTPRequest
    public var limits: ExecuteLimits
    /// Capabilities the tenant granted this install (`log`, `http.fetch`, ...).
    public var grants: [String]
    public var egress: EgressPolicy
    /// Short-lived token scoped to (tenant, install, request, expiry) for registry calls.
    public var scopedToken: String
    /// The manifest endpoint the gateway matched (optional; the guest sees `""`/`{}` without it).
    public var endpoint: ExecuteEndpoint?
    /// The end user the request is made for (optional; the guest sees `null` without it).
    public var user: ExecuteUser?
    /// What started the execution: `http` (a request through the gateway, the default) or `event`
    /// (an `events.subscribe` delivery). The guest sees it as the request head's `trigger`.
    public var trigger: String

    /// The values `trigger` may take.
    public static let triggers: Set<String> = ["http", "event"]

    public init(version: Int = WireEnvelope.currentVersion, mustUnderstand: [String] = [], context: ExecuteContext,
                http: ExecuteHTTPRequest, limits: ExecuteLimits, grants: [String], egress: EgressPolicy,
                scopedToken: String, endpoint: ExecuteEndpoint? = nil, user: ExecuteUser? = nil, trigger: String = "http") {
        self.version = version
        self.mustUnderstand = mustUnderstand
        self.context = context
        self.http = http
        self.limits = limits
        self.grants = grants
        self.egress = egress
        self.scopedToken = scopedToken
        self.endpoint = endpoint
        self.user = user
        self.trigger = trigger
    }

    /// Dotted paths of every field this build implements: the `must_understand` entries it accepts.
    public static let understoodFields: Set<String> = [
        "version", "must_understand", "context", "context.request_id", "context.tenant_id", "context.extension_id",
        "context.install_id", "context.version_id", "context.content_hash", "context.config", "http", "http.method",
        "http.path", "http.query", "http.headers", "http.body_b64", "limits", "limits.timeout_ms", "limits.memory_mb",
        "limits.fuel", "grants", "egress", "egress.allow", "scoped_token", "endpoint", "endpoint.route",
        "endpoint.handler", "endpoint.params", "user", "user.id", "user.name", "user.email", "user.type", "trigger",
    ]
}
