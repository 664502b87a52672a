/// What a failing checker printed (for logs, never for the client).
struct CompileCheckFailure: Error, Sendable, CustomStringConvertible {
    let detail: String
    var description: String { String(detail.prefix(1024)) }
}
