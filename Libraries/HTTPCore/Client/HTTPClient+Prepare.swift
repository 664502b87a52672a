import Shared

#if canImport(Glibc)
import Glibc
#endif

extension HTTPClient {
    /// Validates `request`, resolves it through its address policy and opens its body file:
    /// everything that can fail on the caller's input fails here, before the client thread.
    func prepare(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async throws -> CurlTransferSpec {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(Self.isTokenByte) else {
            throw AppError(.badRequest, status: 400, "invalid HTTP method")
        }
        let url = try HTTPClientURL(request.url)
        var lines = [String]()
        lines.reserveCapacity(request.headers.count)
        for field in request.headers {
            guard !field.name.isEmpty, field.name.utf8.allSatisfy(Self.isTokenByte) else {
                throw AppError(.invalidHeader, status: 400, "invalid header name")
            }
            guard !field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw AppError(.invalidHeader, status: 400, "header \(field.name) has a line break or NUL in its value")
            }
            let value = field.value.trimmingOWS()
            lines.append(value.isEmpty ? "\(field.name);" : "\(field.name): \(value)")
        }
        if case .none = request.body {} else if request.method == "HEAD" {
            throw AppError(.badRequest, status: 400, "a HEAD request cannot have a body")
        }
        if case .none = request.body {} else if request.method != "PUT",
           !request.headers.contains("Content-Type") {
            lines.append("Content-Type:")  // libcurl would otherwise claim a form body
        }

        var pins = [String]()
        var approved: Set<HTTPClientEndpoint>?
        if let policy = request.addressPolicy {
            let addresses: [HTTPClientAddress]
            if let literal = HTTPClientAddress(url.host) {
                addresses = [literal]
            } else {
                addresses = try await Self.resolve(url, with: policy.resolver, before: deadline)
                guard !addresses.isEmpty else {
                    throw AppError(.dnsFailed, status: 502, "host \(url.host) has no addresses")
                }
                pins = ["\(url.host):\(url.port):" + addresses.map(\.resolveEntry).joined(separator: ",")]
            }
            approved = Set(addresses.filter { policy.allows($0, url.port) }
                .map { HTTPClientEndpoint(address: $0, port: url.port) })
        }

        let remaining = deadline - ContinuousClock.now
        guard remaining > .zero else {
            throw AppError(.timeout, status: 504, "request to \(url.host) timed out before it started")
        }
        let connect = min(request.connectTimeout ?? configuration.connectTimeout, remaining)

        let body: CurlTransferSpec.Body
        switch request.body {
        case .none: body = .none
        case .bytes(let bytes): body = .bytes(bytes)
        case .file(let path): body = try Self.openBody(path)
        }
        // libcurl asks for 100-continue before any PUT body and before POST bodies over 1 MiB,
        // and servers that ignore it cost a one-second stall. Small unsigned bodies go at once;
        // signed requests keep libcurl's behaviour (a removed field would still be signed).
        if body.size > 0 && body.size < Self.expectContinueThreshold && request.awsSigV4 == nil
            && !request.headers.contains("Expect") {
            lines.append("Expect:")
        }
        return CurlTransferSpec(
            method: request.method, url: url, headerLines: lines, body: body,
            timeoutMilliseconds: Self.milliseconds(remaining), connectTimeoutMilliseconds: Self.milliseconds(connect),
            maxResponseBytes: request.maxResponseBytes ?? configuration.maxResponseBytes,
            maxHeadBytes: configuration.maxResponseHeadBytes, followsRedirects: request.redirects.follows,
            resolvePins: pins, approved: approved, awsSigV4: request.awsSigV4,
            caBundlePath: configuration.caBundlePath, userAgent: configuration.userAgent)
    }

    /// Asks `resolver`, but no longer than the request's deadline allows.
    private static func resolve(_ url: HTTPClientURL, with resolver: any HTTPClientResolver,
                                before deadline: ContinuousClock.Instant) async throws -> [HTTPClientAddress] {
        do {
            return try await withThrowingTaskGroup(of: [HTTPClientAddress]?.self) { group in
                group.addTask { try await resolver.resolve(host: url.host, port: url.port) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let addresses = first else {
                    throw AppError(.timeout, status: 504, "resolving \(url.host) timed out")
                }
                return addresses
            }
        } catch let error as AppError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AppError(.dnsFailed, status: 502, "host \(url.host) does not resolve", cause: SendableDescription(error))
        }
    }

    private static func openBody(_ path: String) throws(AppError) -> CurlTransferSpec.Body {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw AppError(.requestBodyFailed, status: 500, "cannot open the request body: \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw AppError(.requestBodyFailed, status: 500, "the request body is not a regular file")
        }
        return .file(fd: fd, size: Int64(st.st_size))
    }

    /// Bodies from this size on announce themselves with `Expect: 100-continue`.
    static let expectContinueThreshold: Int64 = 1 << 20

    static func milliseconds(_ d: Duration) -> Int {
        let (seconds, attoseconds) = d.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// RFC 9110 token characters (method and header names).
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(c)
        }
    }
}
