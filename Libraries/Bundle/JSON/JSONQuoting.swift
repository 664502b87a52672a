import Shared

/// JSON text helpers for the small documents this library writes (index, signature, trust bundle).
enum JSONQuoting {
    static func append(_ s: String, to out: inout String) { JSONString.append(s, to: &out) }

    static func quoted(_ s: String) -> String { JSONString.quoted(s) }
}
