import HTTPCore
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Answers one request for a file of an extracted UI tree (docs/assets.md, "Serving"):
///
/// - the file if the tree's index lists it; else, for the root or an extensionless navigation
///   (`Accept: text/html`), the UI entry (SPA fallback); else 404 — a missing `app.js` is never
///   answered with HTML;
/// - a `.br` or `.gz` sibling instead when the client accepts it (`Content-Encoding`, its own
///   ETag, `Vary: Accept-Encoding` on every answer for a file that has siblings);
/// - strong ETag, `If-None-Match` → 304, `Range` → 206 or 416 (identity encoding only, honouring
///   `If-Range`), `HEAD` (the server sends no body);
/// - `Cache-Control: public, max-age=31536000, immutable` on 200, 206 and 304 only;
/// - a file the tree keeps in memory (`TreeFile.resident`) is answered from those bytes; any
///   other is opened with `SafeOpen` and sent from its descriptor (sendfile), or read and sent
///   with the headers in one segment when it is at most `inlineBodyLimit` bytes.
///
/// Every answer carries the `UIHeaderPolicy` fields; errors also `Cache-Control: no-store`.
public struct AssetResponder: Sendable {
    public static let immutable = "public, max-age=31536000, immutable"

    public let policy: UIHeaderPolicy
    let metrics: AssetsMetrics

    public init(policy: UIHeaderPolicy, metrics: AssetsMetrics) {
        self.policy = policy
        self.metrics = metrics
    }

    /// The answer, and whether the tree turned out not to match its index on disk (the caller
    /// then drops the tree from the cache).
    public func respond(_ request: HTTPRequest, tree: UITree, path: AssetPath, entry: String?) -> (HTTPResponse, corrupt: Bool) {
        guard let (key, file) = resolve(request, tree: tree, path: path, entry: entry) else {
            return (error(AppError(.notFound, status: 404, "no such file in this extension's UI"), request), false)
        }
        return serve(request, tree: tree, key: key, file: file)
    }

    /// Which indexed file answers `path`, if any.
    func resolve(_ request: HTTPRequest, tree: UITree, path: AssetPath, entry: String?) -> (String, TreeFile)? {
        if !path.isDirectory, let file = tree.files[path.relative] { return (path.relative, file) }
        let fallback = path.relative.isEmpty || (!path.hasExtension && RequestPreferences.acceptsHTML(request.headers["accept"]))
        guard fallback, let entry, let file = tree.files[entry] else { return nil }
        return (entry, file)
    }

    private func serve(_ request: HTTPRequest, tree: UITree, key: String, file: TreeFile) -> (HTTPResponse, corrupt: Bool) {
        let rangeHeader = request.headers["range"]
        let brotli = file.hasBrotli ? tree.files[key + ".br"] : nil
        let gzip = file.hasGzip ? tree.files[key + ".gz"] : nil
        var chosen = (key: key, file: file, encoding: String?.none)
        if rangeHeader == nil {
            let accept = request.headers["accept-encoding"]
            if let brotli, RequestPreferences.accepts(encoding: "br", header: accept) {
                chosen = (key + ".br", brotli, "br")
            } else if let gzip, RequestPreferences.accepts(encoding: "gzip", header: accept) {
                chosen = (key + ".gz", gzip, "gzip")
            }
        }
        let notModified = RequestPreferences.noneMatch(request.headers["if-none-match"], etag: chosen.file.etag)
        // 304s, and whole 200s of files in memory, are the same for everyone: prepared once.
        let preparable = notModified || (rangeHeader == nil && chosen.file.resident != nil)
        let preparedKey = PreparedAnswers.Key(path: chosen.key, notModified: notModified)
        if preparable, let prepared = tree.answers.cached(preparedKey) {
            if !notModified && request.method != .head { metrics.bytesServed.add(UInt64(chosen.file.size)) }
            return (HTTPResponse(prepared: prepared), false)
        }
        var fields: [(String, String)] = []
        fields.reserveCapacity(7 + policy.fields.count)  // no regrowth on the hot path
        fields.append(("Content-Type", file.contentType))
        fields.append(("ETag", chosen.file.etag))
        fields.append(("Cache-Control", Self.immutable))
        if let encoding = chosen.encoding { fields.append(("Content-Encoding", encoding)) }
        if brotli != nil || gzip != nil { fields.append(("Vary", "Accept-Encoding")) }
        fields.append(contentsOf: policy.fields)

        if notModified {
            return (tree.answers.prepare(preparedKey, HTTPResponse(status: 304, headers: HTTPHeaders(fields))), false)
        }
        if let resident = chosen.file.resident {
            let response = answer(request, fields: fields, file: chosen.file, encoding: chosen.encoding, range: rangeHeader,
                                  body: .resident(resident))
            return (preparable && response.status == 200 ? tree.answers.prepare(preparedKey, response) : response, false)
        }
        guard let opened = SafeOpen.open(chosen.key, below: tree.directoryFD) else {
            return (error(AppError(.cacheCorrupt, status: 500, "a cached file is missing; try again"), request), true)
        }
        guard opened.size == chosen.file.size else {
            close(opened.fd)
            return (error(AppError(.cacheCorrupt, status: 500, "a cached file changed; try again"), request), true)
        }
        let response = answer(request, fields: fields, file: chosen.file, encoding: chosen.encoding, range: rangeHeader,
                              body: .opened(opened))
        return (response, response.status == 500)
    }

    /// Where the body comes from: the tree's in-memory copy, or a descriptor this call owns.
    enum Source {
        case resident([UInt8])
        case opened(SafeOpen.File)
    }

    /// 200, 206 or 416 for `file` (the range only applies to the identity encoding, and only while
    /// `If-Range` matches); 500 `cache_corrupt` if the file turns out shorter than indexed.
    private func answer(_ request: HTTPRequest, fields: [(String, String)], file: TreeFile, encoding: String?,
                        range rangeHeader: String?, body source: Source) -> HTTPResponse {
        var fields = fields
        var range = ByteRange.whole
        if let rangeHeader, encoding == nil {
            let ifRange = request.headers["if-range"]
            if ifRange == nil || ifRange == file.etag { range = ByteRange(header: rangeHeader, size: file.size) }
        }
        let head = request.method == .head
        let status: Int
        let offset: Int64
        let length: Int64
        switch range {
        case .whole:
            (status, offset, length) = (200, 0, file.size)
        case .partial(let start, let count):
            (status, offset, length) = (206, start, count)
            fields.append(("Content-Range", "bytes \(start)-\(start + count - 1)/\(file.size)"))
        case .unsatisfiable:
            if case .opened(let opened) = source { close(opened.fd) }
            let e = AppError(.rangeNotSatisfiable, status: 416, "range: starts beyond the file's \(file.size) bytes",
                             headers: [("Content-Range", "bytes */\(file.size)")])
            return error(e, request)
        }
        fields.append(("Accept-Ranges", "bytes"))
        let body: HTTPResponse.Body
        switch source {
        case .resident(let bytes):
            body = status == 200 ? .bytes(bytes) : .bytes(Array(bytes[Int(offset)..<Int(offset + length)]))
        case .opened(let opened):
            guard let read = Self.body(opened, offset: offset, length: length, head: head) else {
                return error(AppError(.cacheCorrupt, status: 500, "a cached file changed; try again"), request)
            }
            body = read
        }
        if !head { metrics.bytesServed.add(UInt64(length)) }
        return HTTPResponse(status: status, headers: HTTPHeaders(fields), body: body)
    }

    /// Bodies up to this size are read into memory and sent with the headers in one `sendmsg`
    /// (one TCP segment); larger ones go out with `sendfile`, after a separate header segment.
    public static let inlineBodyLimit: Int64 = 16 * 1024

    /// The body for `length` bytes at `offset` of `opened` (whose descriptor it takes over): a
    /// file body, or for small GETs the bytes themselves (nil if the file is shorter than its
    /// `fstat` said: it changed under us).
    static func body(_ opened: SafeOpen.File, offset: Int64, length: Int64, head: Bool) -> HTTPResponse.Body? {
        guard !head, length <= inlineBodyLimit else {
            return .file(ResponseFile(fd: opened.fd, offset: UInt64(offset), length: UInt64(length)))
        }
        defer { close(opened.fd) }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let read = bytes.withUnsafeMutableBytes { pread(opened.fd, $0.baseAddress, $0.count, off_t(offset)) }
        return read == Int(length) ? .bytes(bytes) : nil
    }

    /// An error answer with the policy headers and `Cache-Control: no-store`.
    public func error(_ e: AppError, _ request: HTTPRequest) -> HTTPResponse {
        var response = HTTPResponse.error(e, requestID: request.requestID)
        response.headers.add("Cache-Control", "no-store")
        for (name, value) in policy.fields { response.headers.add(name, value) }
        return response
    }
}
