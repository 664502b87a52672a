/// An ordered list of HTTP header fields; names may repeat and compare case-insensitively.
public struct Headers: Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    public init(_ fields: [(name: String, value: String)]) { self.fields = fields }

    /// Appends a field (never replaces an existing one).
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Removes every field called `name`, then adds one.
    public mutating func set(_ name: String, _ value: String) {
        fields.removeAll { Headers.sameName($0.name, name) }
        fields.append((name, value))
    }

    /// The first value of `name`, if any.
    public subscript(name: String) -> String? {
        for field in fields where Headers.sameName(field.name, name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Headers.sameName($0.name, name) }.map { $0.value }
    }

    public var count: Int { fields.count }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }

    /// ASCII case-insensitive comparison (header names are ASCII tokens).
    static func sameName(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where lower(p) != lower(q) { return false }
        return true
    }

    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
