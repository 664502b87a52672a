import Shared

extension HTTPClient {
    /// The request for the next hop when `head` is a redirect the request follows and its hook
    /// approves; nil to return `head` to the caller.
    func redirectTarget(after head: HTTPClientResponseHead, of request: HTTPClientRequest,
                        hops: inout Int) async throws -> HTTPClientRequest? {
        guard request.redirects.follows, let check = request.redirects.check,
              CurlTransfer.redirectStatuses.contains(head.status), let location = head.redirectLocation else {
            return nil
        }
        hops += 1
        guard hops <= request.redirects.maxRedirects else {
            throw AppError(.tooManyRedirects, status: 502,
                           "more than \(request.redirects.maxRedirects) redirects from \(request.url)")
        }
        guard try await check(HTTPClientRedirect(status: head.status, from: request.url, to: location, hop: hops)) else {
            return nil
        }
        var next = request
        next.url = location
        let becomesGet = (head.status == 303 && request.method != "HEAD")
            || ((head.status == 301 || head.status == 302) && request.method == "POST")
        if becomesGet {
            next.method = "GET"
            next.body = .none
            next.headers.remove(name: "Content-Type")
            next.headers.remove(name: "Content-Length")
        }
        let from = try HTTPClientURL(request.url)
        let to = try HTTPClientURL(location)
        if from.origin.lowercased() != to.origin.lowercased() {
            next.headers.remove(name: "Authorization")
            next.headers.remove(name: "Proxy-Authorization")
            next.headers.remove(name: "Cookie")
            next.awsSigV4 = nil
        }
        return next
    }
}
