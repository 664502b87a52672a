/// A JSON object: member names are unique, insertion order is kept (and written back), and
/// equality ignores order, as RFC 8259 says objects are unordered.
///
/// Names are compared by their UTF-8 bytes, as RFC 8259 §8.3 recommends, not by Swift's `==`
/// (which treats canonically equivalent strings such as "é" and "e\u{301}" as equal): both may be
/// members of one object, and each finds its own value.
public struct JSONObject: Sendable, Equatable, Sequence {
    public private(set) var keys: [String] = []
    public private(set) var values: [JSONValue] = []

    public init() {}

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    /// The member's value; setting nil removes the member, setting a new name appends it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = index(of: key) else { return nil }
            return values[i]
        }
        set {
            if let i = index(of: key) {
                if let newValue { values[i] = newValue } else {
                    keys.remove(at: i)
                    values.remove(at: i)
                }
            } else if let newValue {
                appendUnchecked(key, newValue)
            }
        }
    }

    private func index(of key: String) -> Int? {
        keys.firstIndex { $0.utf8.elementsEqual(key.utf8) }
    }

    /// Appends a member whose name the caller knows is new (the reader has already rejected duplicates).
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        keys.append(key)
        values.append(value)
    }

    public func makeIterator() -> Zip2Sequence<[String], [JSONValue]>.Iterator {
        zip(keys, values).makeIterator()
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        if a.count <= 16 {
            return zip(a.keys, a.values).allSatisfy { key, value in b[key] == value }
        }
        // Large objects: pair members up by sorting both sides on the names' bytes.
        func byName(_ o: JSONObject) -> [Int] {
            o.keys.indices.sorted { o.keys[$0].utf8.lexicographicallyPrecedes(o.keys[$1].utf8) }
        }
        return zip(byName(a), byName(b)).allSatisfy { i, j in
            a.keys[i].utf8.elementsEqual(b.keys[j].utf8) && a.values[i] == b.values[j]
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Literal objects are our own code: a repeated name is a bug.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        for (key, value) in elements {
            precondition(self[key] == nil, "BUG in JSONObject literal: duplicate member name '\(key)'")
            appendUnchecked(key, value)
        }
    }
}
