import HTTPCore
import Shared

/// One HTTP answer of the registry, with its JSON (if any) at hand.
struct Reply: Sendable, CustomStringConvertible {
    let status: Int
    let headers: HTTPClientHeaders
    let body: [UInt8]

    var json: JSONValue? { try? JSONValue.parse(body) }
    var errorCode: String? { json?["error"]?["code"]?.stringValue }
    var text: String { String(decoding: body, as: UTF8.self) }
    subscript(key: String) -> JSONValue? { json?[key] }

    var description: String { "\(status) \(text.prefix(600))" }
}

extension JSONValue {
    /// `a.b.c` lookups for assertions.
    func at(_ path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") {
            if let i = Int(part) { current = current?[i] } else { current = current?[String(part)] }
        }
        return current
    }

    var stringList: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}
