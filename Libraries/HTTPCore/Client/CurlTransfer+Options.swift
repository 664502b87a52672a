import CCurl
import Shared

extension CurlTransfer {
    /// Client thread: sets every option of this hop on `easy` (a fresh or reset handle).
    func configure(_ easy: UnsafeMutableRawPointer, closeSocketData: UnsafeMutableRawPointer) throws(AppError) {
        self.easy = easy
        var failed: CURLcode = CURLE_OK
        func check(_ rc: CURLcode) { if rc != CURLE_OK && failed == CURLE_OK { failed = rc } }
        func long(_ option: CURLoption, _ value: Int) { check(ccurl_easy_setopt_long(easy, option, value)) }
        func string(_ option: CURLoption, _ value: String) { check(ccurl_easy_setopt_string(easy, option, value)) }
        func pointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
            check(ccurl_easy_setopt_pointer(easy, option, value))
        }

        long(CURLOPT_NOSIGNAL, 1)
        string(CURLOPT_URL, spec.url.text)
        string(CURLOPT_PROTOCOLS_STR, "http,https")
        string(CURLOPT_PROXY, "")  // never a proxy from the environment
        long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        long(CURLOPT_FOLLOWLOCATION, 0)
        long(CURLOPT_TIMEOUT_MS, spec.timeoutMilliseconds)
        long(CURLOPT_CONNECTTIMEOUT_MS, spec.connectTimeoutMilliseconds)
        long(CURLOPT_TCP_NODELAY, 1)
        check(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        if let ca = spec.caBundlePath { string(CURLOPT_CAINFO, ca) }
        if let agent = spec.userAgent { string(CURLOPT_USERAGENT, agent) }

        // Response side
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, CurlCallbacks.header))
        pointer(CURLOPT_HEADERDATA, opaque)
        check(ccurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, CurlCallbacks.write))
        pointer(CURLOPT_WRITEDATA, opaque)

        // Sockets: every connection goes through the open-socket check; closes are counted.
        check(ccurl_easy_setopt_opensocket_callback(easy, CURLOPT_OPENSOCKETFUNCTION, CurlCallbacks.openSocket))
        pointer(CURLOPT_OPENSOCKETDATA, opaque)
        check(ccurl_easy_setopt_closesocket_callback(easy, CURLOPT_CLOSESOCKETFUNCTION, CurlCallbacks.closeSocket))
        pointer(CURLOPT_CLOSESOCKETDATA, closeSocketData)
        if spec.approved != nil {
            check(ccurl_easy_setopt_prereq_callback(easy, CURLOPT_PREREQFUNCTION, CurlCallbacks.prerequest))
            pointer(CURLOPT_PREREQDATA, opaque)
        }
        if !spec.resolvePins.isEmpty {
            for pin in spec.resolvePins { resolveList = curl_slist_append(resolveList, pin) }
            check(ccurl_easy_setopt_slist(easy, CURLOPT_RESOLVE, resolveList))
        }

        // Method and request body
        let size = spec.body.size
        let hasBody: Bool
        if case .none = spec.body { hasBody = false } else { hasBody = true }
        switch spec.method {
        case "GET" where !hasBody:
            long(CURLOPT_HTTPGET, 1)
        case "HEAD":
            long(CURLOPT_NOBODY, 1)
        case "PUT":
            long(CURLOPT_UPLOAD, 1)
            check(ccurl_easy_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(size)))
        case "POST":
            long(CURLOPT_POST, 1)
            check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(size)))
        default:
            if hasBody {
                long(CURLOPT_POST, 1)
                check(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(size)))
            } else {
                long(CURLOPT_HTTPGET, 1)
            }
            string(CURLOPT_CUSTOMREQUEST, spec.method)
        }
        if spec.method == "PUT" || spec.method == "POST" || hasBody {
            check(ccurl_easy_setopt_read_callback(easy, CURLOPT_READFUNCTION, CurlCallbacks.read))
            pointer(CURLOPT_READDATA, opaque)
            check(ccurl_easy_setopt_seek_callback(easy, CURLOPT_SEEKFUNCTION, CurlCallbacks.seek))
            pointer(CURLOPT_SEEKDATA, opaque)
        }

        for line in spec.headerLines { headerList = curl_slist_append(headerList, line) }
        if headerList != nil { check(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)) }

        if let sig = spec.awsSigV4 {
            string(CURLOPT_AWS_SIGV4, sig.scope)
            string(CURLOPT_USERNAME, sig.accessKeyID)
            string(CURLOPT_PASSWORD, sig.secretAccessKey)
        }

        if failed != CURLE_OK {
            throw AppError(.internalError, status: 500,
                           "libcurl rejected an option: \(String(cString: curl_easy_strerror(failed)))")
        }
    }
}
