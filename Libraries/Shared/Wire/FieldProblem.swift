/// A field-level problem found inside a borrowed-bytes closure, thrown once the closure returns.
struct FieldProblem: Error {
    let reason: JSONError.Reason
    let detail: String
    init(_ reason: JSONError.Reason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }
}
