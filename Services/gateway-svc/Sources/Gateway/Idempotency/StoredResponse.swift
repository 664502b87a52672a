import HTTPCore
import Shared

/// A response kept for replay under an `Idempotency-Key`: status, the headers the client got
/// (before CORS and request ids, which belong to each request) and the body.
struct StoredResponse: Sendable, Equatable {
    var status: Int
    var headers: [NameValuePair]
    var body: [UInt8]

    init(status: Int, headers: [NameValuePair], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    init(_ response: HTTPResponse) {
        status = response.status
        headers = response.headers.map { NameValuePair($0.name, $0.value) }
        if case .bytes(let b) = response.body { body = b } else { body = [] }
    }

    /// The replay, marked with `idempotent-replayed: true`.
    var response: HTTPResponse {
        var h = HTTPHeaders()
        for pair in headers { h.add(pair.name, pair.value) }
        h.set("idempotent-replayed", "true")
        return HTTPResponse(status: status, headers: h, body: body.isEmpty ? .empty : .bytes(body))
    }

    var headersJSON: String {
        var w = JSONWriter()
        w.beginArray()
        for pair in headers {
            w.beginArray()
            w.string(pair.name)
            w.string(pair.value)
            w.endArray()
        }
        w.endArray()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func headers(fromJSON text: String?) -> [NameValuePair] {
        guard let text, let list = (try? JSONValue.parse(text))?.arrayValue else { return [] }
        return list.compactMap { pair in
            guard let name = pair[0]?.stringValue, let value = pair[1]?.stringValue else { return nil }
            return NameValuePair(name, value)
        }
    }
}
