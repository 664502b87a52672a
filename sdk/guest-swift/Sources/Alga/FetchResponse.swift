/// The answer to `HTTP.fetch`: any status (redirects are not followed), headers, raw body.
public struct FetchResponse {
    public let status: Int
    public let headers: Headers
    public let body: [UInt8]

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
