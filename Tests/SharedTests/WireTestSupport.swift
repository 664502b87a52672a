import Testing
@testable import Shared

/// Edits a JSON document at a path of member names and array indices, for building invalid wire
/// documents from a valid one.
extension JSONValue {
    /// A copy with the value at `path` replaced (`nil` removes an object member).
    func replacing(_ path: [WirePath], with newValue: JSONValue?) -> JSONValue {
        guard let first = path.first else {
            guard let newValue else { preconditionFailure("BUG in test: cannot remove the root") }
            return newValue
        }
        let rest = Array(path.dropFirst())
        switch (self, first) {
        case (.object(var object), .key(let name)):
            if rest.isEmpty {
                object[name] = newValue
            } else {
                object[name] = (object[name] ?? .null).replacing(rest, with: newValue)
            }
            return .object(object)
        case (.array(var array), .index(let i)):
            array[i] = array[i].replacing(rest, with: newValue ?? .null)
            return .array(array)
        default:
            preconditionFailure("BUG in test: path \(path) does not fit \(self)")
        }
    }
}

/// The JSONError a decoder throws for `document`, or nil when it decodes.
func wireError(_ document: JSONValue, _ decode: ([UInt8]) throws -> Void) -> JSONError? {
    do {
        try decode(document.encoded())
        return nil
    } catch {
        return JSONError.from(error)
    }
}
