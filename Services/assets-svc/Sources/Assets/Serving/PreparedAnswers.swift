import HTTPCore
import Synchronization

/// The answers of one tree that are the same for every request — 200 for a file kept in memory,
/// 304 for any file — prepared once (`PreparedResponse`: libmicrohttpd sends the same response
/// object each time) and kept as long as the tree. At most two per file and variant.
final class PreparedAnswers: Sendable {
    struct Key: Hashable, Sendable {
        /// The file (or precompressed variant) below `ui/`.
        let path: String
        let notModified: Bool
    }

    private let answers = Mutex<[Key: PreparedResponse]>([:])

    func cached(_ key: Key) -> PreparedResponse? { answers.withLock { $0[key] } }

    /// `response` as a prepared answer kept under `key` (the one already kept if another
    /// request was first); `response` itself if libmicrohttpd refuses it.
    func prepare(_ key: Key, _ response: HTTPResponse) -> HTTPResponse {
        let body: [UInt8]
        switch response.body {
        case .empty: body = []
        case .bytes(let bytes): body = bytes
        case .file, .prepared: preconditionFailure("BUG in PreparedAnswers: only in-memory answers are prepared")
        }
        guard let prepared = PreparedResponse(status: response.status, headers: response.headers, body: body) else { return response }
        let kept = answers.withLock { a -> PreparedResponse in
            if let existing = a[key] { return existing }
            a[key] = prepared
            return prepared
        }
        return HTTPResponse(prepared: kept)
    }
}
