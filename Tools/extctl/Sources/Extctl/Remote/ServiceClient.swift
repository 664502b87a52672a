import Foundation
import HTTPCore
import Shared

/// One HTTP service the CLI talks to (registry or gateway), with its bearer credential. Error
/// answers become `AppError`s carrying the service's own code and a `RemoteFailure` cause.
struct ServiceClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPClientHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONValue.parse(body) }
    }

    let baseURL: String
    let token: String?
    let client: HTTPClient

    init(baseURL: String, token: String?) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.client = HTTPClient(logger: Logger(label: "extctl.http", level: .error, handler: InMemoryLogHandler()))
    }

    /// Sends one request; with `allowErrors` false (the default) a non-2xx answer throws.
    func send(_ method: String, _ path: String, json: JSONValue? = nil, body: [UInt8]? = nil,
              headers: [(String, String)] = [], allowErrors: Bool = false) async throws -> Reply {
        var h = HTTPClientHeaders(headers)
        if let token { h.add(name: "authorization", value: "Bearer " + token) }
        var payload: HTTPClientRequest.Body = .none
        if let json {
            payload = .bytes(json.encoded())
            h.add(name: "content-type", value: "application/json")
        } else if let body {
            payload = .bytes(body)
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(HTTPClientRequest(method: method, url: baseURL + path, headers: h, body: payload,
                                                                  timeout: .seconds(120), connectTimeout: .seconds(10)))
        } catch let error as AppError {
            throw AppError(error.code, status: 503, "\(method) \(baseURL)\(path): \(error.message)", cause: error)
        }
        let reply = Reply(status: response.status, headers: response.headers, body: response.body)
        if !allowErrors && !(200..<300).contains(reply.status) { throw Self.failure(reply, method: method, path: path) }
        return reply
    }

    /// The `AppError` for an error answer: `{error:{code,message,request_id}}`, or the status alone.
    static func failure(_ reply: Reply, method: String, path: String) -> AppError {
        let error = reply.json?["error"]
        let code = error?["code"]?.stringValue ?? "http_\(reply.status)"
        let message = error?["message"]?.stringValue
            ?? String(decoding: reply.body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let requestID = error?["request_id"]?.stringValue ?? reply.headers["x-request-id"]
        let remote = RemoteFailure(status: reply.status, code: code, message: message, requestID: requestID)
        return AppError(ErrorCode(code), status: reply.status, "\(method) \(path) answered \(reply.status): \(message)",
                        cause: remote)
    }
}
