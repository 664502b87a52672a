import Shared

/// The endpoints an installed version declares, and the matching rule of the public API:
/// exact (literal) segments before parameters; a path no endpoint declares is 404
/// `endpoint_not_found`; a declared path with another method is 405 with `Allow`. `HEAD` uses
/// the `GET` endpoint. No endpoints (or a malformed list) means nothing can be called.
struct EndpointTable: Sendable, Equatable {
    struct Match: Sendable {
        let endpoint: EndpointTemplate
        let params: [String: String]
    }

    let endpoints: [EndpointTemplate]

    init(_ endpoints: [EndpointTemplate]) { self.endpoints = endpoints }

    /// Reads the resolve answer's `endpoints` array; entries that are not well-formed are left out.
    init(json: JSONValue?) {
        endpoints = (json?.arrayValue ?? []).compactMap { e in
            guard let m = e["method"]?.stringValue, let p = e["path"]?.stringValue, let h = e["handler"]?.stringValue else { return nil }
            return EndpointTemplate(method: m, path: p, handler: h)
        }
    }

    /// The endpoint for `method` and the percent-decoded path segments.
    func match(method: String, segments: [String]) throws(AppError) -> Match {
        let effective = method == "HEAD" ? "GET" : method
        var best: Match?
        var allowed: Set<String> = []
        for e in endpoints {
            guard let params = e.match(segments) else { continue }
            allowed.insert(e.method)
            guard e.method == effective else { continue }
            if let current = best, !e.isMoreSpecific(than: current.endpoint) { continue }
            best = Match(endpoint: e, params: params)
        }
        if let best { return best }
        guard !allowed.isEmpty else {
            throw AppError(.endpointNotFound, status: 404, "the extension declares no endpoint for this path")
        }
        if allowed.contains("GET") { allowed.insert("HEAD") }
        throw AppError(.methodNotAllowed, status: 405, "method \(method) is not declared for this path",
                       headers: [("Allow", allowed.sorted().joined(separator: ", "))])
    }
}
