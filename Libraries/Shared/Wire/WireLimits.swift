/// Size caps the wire decoders enforce, on top of the JSON reader's own limits. The defaults are
/// sanity bounds for the envelope; services pass tighter values from their configuration
/// (e.g. the gateway's per-route body cap).
public struct WireLimits: Sendable, Equatable {
    /// Whole document, depth and number length (``JSONLimits``).
    public var json: JSONLimits
    /// Decoded `body_b64` bytes.
    public var maxBodyBytes: Int
    /// Entries in `http.headers` and in a response's `headers`.
    public var maxHeaders: Int
    /// Entries in `http.query`.
    public var maxQueryPairs: Int
    /// A header or query parameter name.
    public var maxNameBytes: Int
    /// A header or query parameter value.
    public var maxValueBytes: Int
    /// `http.path` (raw, percent-encoded form).
    public var maxPathBytes: Int
    /// Identifiers: tenant, extension, install, version ids, `endpoint`, grants.
    public var maxIDBytes: Int
    /// Entries in `context.config`.
    public var maxConfigEntries: Int
    /// A `context.config` value.
    public var maxConfigValueBytes: Int
    /// Entries in `grants`, `egress.allow` and `must_understand`.
    public var maxListEntries: Int
    /// `scoped_token`.
    public var maxTokenBytes: Int
    /// `error.message` of a response.
    public var maxMessageBytes: Int

    public init(maxBodyBytes: Int = 8 << 20, maxHeaders: Int = 256, maxQueryPairs: Int = 256, maxNameBytes: Int = 256,
                maxValueBytes: Int = 8192, maxPathBytes: Int = 8192, maxIDBytes: Int = 256, maxConfigEntries: Int = 256,
                maxConfigValueBytes: Int = 65536, maxListEntries: Int = 256, maxTokenBytes: Int = 4096,
                maxMessageBytes: Int = 4096, json: JSONLimits? = nil) {
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaders = maxHeaders
        self.maxQueryPairs = maxQueryPairs
        self.maxNameBytes = maxNameBytes
        self.maxValueBytes = maxValueBytes
        self.maxPathBytes = maxPathBytes
        self.maxIDBytes = maxIDBytes
        self.maxConfigEntries = maxConfigEntries
        self.maxConfigValueBytes = maxConfigValueBytes
        self.maxListEntries = maxListEntries
        self.maxTokenBytes = maxTokenBytes
        self.maxMessageBytes = maxMessageBytes
        // The document must hold the largest body (Base64 grows it by 4/3) plus a generous head.
        self.json = json ?? JSONLimits(maxBytes: Base64.encodedLength(maxBodyBytes) + (1 << 20), maxDepth: 16)
    }

    /// 8 MiB bodies, 256 headers, 16 levels of nesting.
    public static let `default` = WireLimits()
}
