/// Outbound HTTP through `http.fetch` (grant `http.fetch`, egress allowlist).
public enum HTTP {
    /// Performs the request. Throws `denied` (no grant), `forbidden` (URL not allowed),
    /// `timeout`, `unavailable` (connection failed), `tooLarge`, `limitExceeded`, ...
    public static func fetch(_ request: FetchRequest) throws(AlgaError) -> FetchResponse {
        var bodyHandle: UInt32 = 0
        let head = request.headJSON
        let result = withUTF8(head) { headPointer, headLength in
            withBytes(request.body) { bodyPointer, bodyLength in
                alga_http_fetch(headPointer, headLength, bodyPointer, bodyLength, &bodyHandle)
            }
        }
        let responseHead: JSONValue
        do {
            responseHead = try HostResult.takeJSON(result)
        } catch {
            if result > 0, bodyHandle > 0 { _ = alga_result_free(Int32(bitPattern: bodyHandle)) }
            throw error
        }
        let body = try HostResult.take(Int32(bitPattern: bodyHandle))
        return FetchResponse(
            status: Int(responseHead["status"]?.int64Value ?? 0),
            headers: Headers(Request.pairs(responseHead["headers"])),
            body: body)
    }

    /// A GET of `url`.
    public static func get(_ url: String) throws(AlgaError) -> FetchResponse {
        try fetch(FetchRequest(url: url))
    }
}
