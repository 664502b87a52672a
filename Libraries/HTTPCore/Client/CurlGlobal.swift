import CCurl

/// curl_global_init must run once before any other libcurl call.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func initializeOnce() {
        guard initialized else { preconditionFailure("BUG in CurlGlobal: curl_global_init failed") }
    }
}
