import HTTPCore
import Shared

/// `limit` and `cursor` query parameters of a list endpoint. Cursors are opaque to clients:
/// hex of a few newline-separated fields that only the endpoint that issued them understands.
struct PageRequest: Sendable {
    static let defaultLimit = 50
    static let maxLimit = 200

    var limit: Int
    /// The decoded fields of the cursor, or nil for the first page.
    var cursor: [String]?

    init(_ request: HTTPRequest, cursorFields: Int) throws(AppError) {
        limit = Self.defaultLimit
        if let raw = request.queryValue("limit") {
            guard let n = Int(raw), (1...Self.maxLimit).contains(n) else {
                throw AppError.badRequest("limit: must be an integer between 1 and \(Self.maxLimit)")
            }
            limit = n
        }
        if let raw = request.queryValue("cursor") {
            cursor = try Self.decode(raw, fields: cursorFields)
        }
    }

    static func encode(_ fields: [String]) -> String {
        Hex.encode(Array(("c1\n" + fields.joined(separator: "\n")).utf8))
    }

    static func decode(_ text: String, fields: Int) throws(AppError) -> [String] {
        guard text.utf8.count <= 2048, let bytes = Hex.decode(text),
              let decoded = String(validating: bytes, as: UTF8.self) else { throw invalid() }
        let parts = decoded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == fields + 1, parts[0] == "c1" else { throw invalid() }
        return Array(parts.dropFirst())
    }

    static func invalid() -> AppError {
        AppError(.cursorInvalid, status: 400, "cursor: not a cursor this endpoint issued")
    }
}
