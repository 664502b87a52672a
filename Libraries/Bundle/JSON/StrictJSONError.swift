/// Why a document is not acceptable JSON: the byte offset, the field being read, and the reason.
struct StrictJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    let offset: Int
    let path: FieldPath
    let reason: String

    var description: String { "\(path): \(reason) (at byte \(offset))" }
}
