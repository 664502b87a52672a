import CCurl
import Shared

/// Turns a failed transfer into an `AppError` with a stable code. A reason recorded by a
/// callback (cap exceeded, body unreadable) wins over libcurl's code, which only says "aborted".
enum CurlErrorMapping {
    static func error(_ code: CURLcode, transfer t: CurlTransfer, easy: UnsafeMutableRawPointer) -> AppError {
        if let failure = t.failure { return failure }
        let url = t.spec.url
        let target = "\(url.host):\(url.port)"
        let detail = t.curlErrorText
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return AppError(.invalidURL, status: 400, "invalid URL for \(target)\(detail)")
        case CURLE_COULDNT_RESOLVE_HOST:
            return AppError(.dnsFailed, status: 502, "host \(url.host) does not resolve\(detail)")
        case CURLE_COULDNT_CONNECT where t.socketsRefused > 0:
            return AppError(.egressDenied, status: 403,
                            "no address of \(url.host) port \(url.port) is allowed (\(t.socketsRefused) refused)")
        case CURLE_COULDNT_CONNECT:
            return AppError(.connectFailed, status: 502, "cannot connect to \(target)\(detail)")
        case CURLE_OPERATION_TIMEDOUT:
            var connectTime: curl_off_t = 0
            _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &connectTime)
            if connectTime == 0 {
                return AppError(.timeout, status: 504,
                                "connecting to \(target) timed out after \(t.spec.connectTimeoutMilliseconds) ms")
            }
            return AppError(.timeout, status: 504,
                            "request to \(target) timed out after \(t.spec.timeoutMilliseconds) ms")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR,
             CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
             CURLE_USE_SSL_FAILED:
            return AppError(.tlsError, status: 502, "TLS with \(target) failed\(detail)")
        case CURLE_FILESIZE_EXCEEDED:
            return AppError(.responseTooLarge, status: 502,
                            "response from \(url.host) exceeds \(t.spec.maxResponseBytes) bytes")
        case CURLE_ABORTED_BY_CALLBACK where t.reuseRefused:
            return AppError(.egressDenied, status: 403, "connection to \(target) is not to an allowed address")
        case CURLE_READ_ERROR, CURLE_SEND_FAIL_REWIND:
            return AppError(.requestBodyFailed, status: 500, "cannot send the request body to \(target)\(detail)")
        case CURLE_OUT_OF_MEMORY:
            return AppError(.internalError, status: 500, "out of memory talking to \(target)")
        default:
            return AppError(.transferFailed, status: 502,
                            "exchange with \(target) failed: \(String(cString: curl_easy_strerror(code)))\(detail)")
        }
    }
}
