/// The fields of one record, written by `Logger.log(_:_:fields:)`'s closure in strictly
/// ascending key order (byte order of the ASCII keys, which is the order the JSON-lines handler
/// prints metadata in; a key out of order is a bug and stops the process).
///
/// With `JSONLinesLogHandler` and a logger without metadata, each `add` writes straight into
/// the output line: no dictionary, no sorting, no temporary Strings. Any other handler (or a
/// logger with metadata) receives the same fields as an ordinary `LogRecord`, where they
/// override the logger's metadata like `extra` does.
public struct LogFields: ~Copyable {
    private let out: LogBuffer?
    package private(set) var metadata: LogMetadata
    private var previous: StaticString?

    /// Fields written as JSON members into `out`.
    package init(writingTo out: LogBuffer) {
        self.out = out
        metadata = [:]
    }

    /// Fields collected on top of `metadata`.
    package init(collecting metadata: LogMetadata) {
        out = nil
        self.metadata = metadata
    }

    public mutating func add(_ key: StaticString, _ value: String) {
        guard let out = begin(key) else { return metadata[key.description] = .string(value) }
        JSONLineFormat.appendQuoted(value, to: out)
    }

    public mutating func add(_ key: StaticString, _ value: Int64) {
        guard let out = begin(key) else { return metadata[key.description] = .int(value) }
        JSONLineFormat.appendInt(value, to: out)
    }

    public mutating func add(_ key: StaticString, _ value: Int) { add(key, Int64(value)) }

    /// Written as a JSON integer, clamped to `Int64.max` like `LogValue.int(Int64(clamping:))`.
    public mutating func add(_ key: StaticString, _ value: UInt64) { add(key, Int64(clamping: value)) }

    public mutating func add(_ key: StaticString, _ value: Bool) {
        guard let out = begin(key) else { return metadata[key.description] = .bool(value) }
        out.appendLiteral(value ? "true" : "false")
    }

    public mutating func add(_ key: StaticString, _ value: LogValue) {
        guard let out = begin(key) else { return metadata[key.description] = value }
        JSONLineFormat.appendValue(value, to: out)
    }

    /// Checks the order; with an output, writes `,"key":` and returns it.
    private mutating func begin(_ key: StaticString) -> LogBuffer? {
        if let previous, !Self.ascending(previous, key) {
            preconditionFailure("BUG in log fields: '\(key)' does not come after '\(previous)'")
        }
        previous = key
        guard let out else { return nil }
        out.append(UInt8(ascii: ","))
        JSONLineFormat.appendQuoted(key, to: out)
        out.append(UInt8(ascii: ":"))
        return out
    }

    private static func ascending(_ a: StaticString, _ b: StaticString) -> Bool {
        a.withUTF8Buffer { a in b.withUTF8Buffer { b in a.lexicographicallyPrecedes(b) } }
    }
}
