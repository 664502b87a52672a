/// One HTTP header or query parameter. Lists of pairs keep order and repeated names, which a
/// dictionary would lose; on the wire a pair is a two-element array `["name", "value"]`.
public struct NameValuePair: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}
