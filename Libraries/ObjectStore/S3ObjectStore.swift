import HTTPCore
import Shared

/// An `ObjectStore` in an S3 bucket (AWS, MinIO, or moto's server), over `HTTPClient`.
///
/// Requests are path-style (`<endpoint>/<bucket>/<object>`) and signed by libcurl
/// (CURLOPT_AWS_SIGV4 `aws:amz:<region>:s3`); every request carries `x-amz-content-sha256`
/// (the body's SHA-256, or `UNSIGNED-PAYLOAD` when payload signing is off). Keys are written as
/// object names by `S3ObjectName` (`/` kept, so buckets browse as folders; `:` spelled `~3A`), so
/// every server derives the same canonical request.
///
/// Write-once: `putIfAbsent` sends `If-None-Match: *`. AWS (since 2024) and MinIO decide it
/// atomically: of concurrent writers of one key exactly one gets 200, the others 412. Servers
/// that check and write in two steps (moto's emulator) can let two writers through; callers
/// stay correct because keys are content-addressed (concurrent writers of one key write the
/// same bytes) and the database, not the store, decides which publish wins.
///
/// Errors: 403 → `object_store_denied`; 5xx, an unknown bucket, transport failures →
/// `object_store_unavailable`; a body over the caller's cap → `object_too_large`.
public final class S3ObjectStore: ObjectStore {
    public let configuration: S3ObjectStoreConfiguration
    let client: HTTPClient
    let logger: Logger
    let signer: HTTPClientAWSSigV4

    /// Error bodies are small XML documents; more is not an S3 error answer.
    static let maxErrorBodyBytes: Int64 = 64 << 10
    /// A ListObjectsV2 page (up to 1000 keys) stays well below this.
    static let maxListPageBytes: Int64 = 8 << 20
    /// 100 000 pages of 1000 keys: far beyond any bucket this platform fills.
    static let maxListPages = 100_000
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// `client` may be shared with other users; the store only sends requests through it.
    public init(configuration: S3ObjectStoreConfiguration, client: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.signer = HTTPClientAWSSigV4(region: configuration.region, service: "s3",
                                         accessKeyID: configuration.credentials.accessKeyID,
                                         secretAccessKey: configuration.credentials.secretAccessKey)
    }

    public func putIfAbsent(key: String, fileAt path: String) async throws -> Bool {
        try ObjectKey.validate(key)
        let hash = configuration.signPayload ? try S3PayloadHash.file(path) : "UNSIGNED-PAYLOAD"
        // A 409 means a concurrent conditional write to the same key is in flight (AWS): retry,
        // the winner's object then answers 412.
        for attempt in 0..<4 {
            let response = try await send(
                request("PUT", key: key, payloadHash: hash, body: .file(path: path),
                        headers: ["Content-Type": "application/octet-stream", "If-None-Match": "*"]),
                operation: "put", key: key)
            switch response.status {
            case 200: return true
            case 412: return false
            case 409 where attempt < 3:
                try await Task.sleep(for: .milliseconds(50 << attempt))
            default:
                throw S3ErrorResponse(status: response.status, body: response.body).appError(operation: "put", key: key)
            }
        }
        preconditionFailure("BUG in S3ObjectStore: putIfAbsent retry loop fell through")
    }

    public func put(key: String, bytes: [UInt8]) async throws {
        try ObjectKey.validate(key)
        let hash = configuration.signPayload ? S3PayloadHash.bytes(bytes) : "UNSIGNED-PAYLOAD"
        let response = try await send(
            request("PUT", key: key, payloadHash: hash, body: .bytes(bytes),
                    headers: ["Content-Type": "application/octet-stream"]),
            operation: "put", key: key)
        guard response.status == 200 else {
            throw S3ErrorResponse(status: response.status, body: response.body).appError(operation: "put", key: key)
        }
    }

    public func get(key: String, maxBytes: Int) async throws -> [UInt8]? {
        var out = [UInt8]()
        let info = try await stream(key: key, maxBytes: Int64(maxBytes)) { out.append(contentsOf: $0) }
        return info == nil ? nil : out
    }

    public func stream(key: String, maxBytes: Int64,
                       chunk: (UnsafeRawBufferPointer) throws -> Void) async throws -> ObjectInfo? {
        try ObjectKey.validate(key)
        var get = request("GET", key: key, payloadHash: Self.emptyPayloadHash)
        get.maxResponseBytes = max(maxBytes, Self.maxErrorBodyBytes)
        do {
            return try await client.withStreamingResponse(get) { response -> ObjectInfo? in
                switch response.status {
                case 200:
                    func tooLarge() -> AppError {
                        AppError(.objectTooLarge, status: 413, "object \(key) exceeds \(maxBytes) bytes")
                    }
                    if let announced = response.headers["Content-Length"].flatMap({ Int64($0) }), announced > maxBytes {
                        throw tooLarge()
                    }
                    var total: Int64 = 0
                    do {
                        while let piece = try await response.nextChunk() {
                            total += Int64(piece.count)
                            if total > maxBytes { throw tooLarge() }
                            do {
                                try piece.withUnsafeBytes { try chunk($0) }
                            } catch {
                                throw ChunkFailure(underlying: error)
                            }
                        }
                    } catch let error as AppError where error.code == .responseTooLarge {
                        throw tooLarge()
                    }
                    return ObjectInfo(key: key, size: total,
                                      etag: response.headers["ETag"].map(S3ListObjectsPage.unquote))
                case 404:
                    let failure = S3ErrorResponse(status: 404, body: try await response.collect())
                    if failure.code == "NoSuchBucket" { throw failure.appError(operation: "get", key: key) }
                    return nil
                default:
                    throw S3ErrorResponse(status: response.status, body: try await response.collect())
                        .appError(operation: "get", key: key)
                }
            }
        } catch let failure as ChunkFailure {
            throw failure.underlying  // the caller's own error, unchanged
        } catch let error as AppError where error.code == .responseTooLarge {
            // The client's cap (at least maxBytes) stopped the body or its announced length
            // before the head reached us; S3 error answers are far below maxErrorBodyBytes.
            throw AppError(.objectTooLarge, status: 413, "object \(key) exceeds \(maxBytes) bytes")
        } catch let error as AppError where [.objectTooLarge, .objectStoreDenied, .objectStoreUnavailable]
            .contains(error.code) {
            throw error
        } catch {
            throw S3ErrorResponse.transportError(error, operation: "get", key: key)
        }
    }

    /// Carries an error thrown by a `stream` caller's chunk closure past the transport mapping.
    private struct ChunkFailure: Error {
        var underlying: any Error
    }

    public func head(key: String) async throws -> ObjectInfo? {
        try ObjectKey.validate(key)
        let response = try await send(request("HEAD", key: key, payloadHash: Self.emptyPayloadHash),
                                      operation: "head", key: key)
        switch response.status {
        case 200:
            guard let size = response.headers["Content-Length"].flatMap({ Int64($0) }) else {
                throw AppError(.objectStoreUnavailable, status: 503, "object store answered HEAD \(key) without a length")
            }
            return ObjectInfo(key: key, size: size, etag: response.headers["ETag"].map(S3ListObjectsPage.unquote))
        case 404:
            return nil
        default:
            throw S3ErrorResponse(status: response.status, body: []).appError(operation: "head", key: key)
        }
    }

    public func delete(key: String) async throws {
        try ObjectKey.validate(key)
        let response = try await send(request("DELETE", key: key, payloadHash: Self.emptyPayloadHash),
                                      operation: "delete", key: key)
        switch response.status {
        case 200, 204:
            return
        case 404 where S3ErrorResponse(status: 404, body: response.body).code != "NoSuchBucket":
            return
        default:
            throw S3ErrorResponse(status: response.status, body: response.body).appError(operation: "delete", key: key)
        }
    }

    public func list(prefix: String) async throws -> [ObjectInfo] {
        var out = [ObjectInfo]()
        var token: String?
        var seenTokens = Set<String>()
        // Bounded: every page must move on to a token not seen before, and pages are capped.
        for _ in 0..<Self.maxListPages {
            var parameters = [("list-type", "2"), ("prefix", S3ObjectName.encode(prefix))]
            if let token { parameters.append(("continuation-token", token)) }
            var list = request("GET", key: nil, query: parameters, payloadHash: Self.emptyPayloadHash)
            list.maxResponseBytes = Self.maxListPageBytes
            let response = try await send(list, operation: "list", key: nil)
            guard response.status == 200 else {
                throw S3ErrorResponse(status: response.status, body: response.body).appError(operation: "list", key: nil)
            }
            let page = try S3ListObjectsPage(xml: response.body)
            for object in page.objects {
                // Names this store did not write (other tools in the bucket) are skipped.
                guard let key = S3ObjectName.decode(object.key), key.hasPrefix(prefix) else { continue }
                out.append(ObjectInfo(key: key, size: object.size, etag: object.etag))
            }
            guard page.isTruncated else { break }
            guard let next = page.nextContinuationToken, seenTokens.insert(next).inserted else {
                throw AppError(.objectStoreUnavailable, status: 503,
                               "object store listing is truncated without a new continuation token")
            }
            token = next
            if seenTokens.count == Self.maxListPages {
                throw AppError(.objectStoreUnavailable, status: 503,
                               "object store listing exceeds \(Self.maxListPages) pages")
            }
        }
        return out.sorted { $0.key < $1.key }
    }

    public func ping() async throws {
        let response = try await send(request("HEAD", key: nil, payloadHash: Self.emptyPayloadHash),
                                      operation: "ping", key: nil)
        guard response.status == 200 else {
            throw S3ErrorResponse(status: response.status, body: []).appError(operation: "ping", key: nil)
        }
    }

    /// Creates the bucket unless this account already owns it (development and tests; in
    /// production the bucket is provisioned with its policies).
    public func createBucketIfMissing() async throws {
        let response = try await send(request("PUT", key: nil, payloadHash: Self.emptyPayloadHash),
                                      operation: "create bucket", key: nil)
        let failure = S3ErrorResponse(status: response.status, body: response.body)
        guard response.status == 200 || failure.code == "BucketAlreadyOwnedByYou" else {
            throw failure.appError(operation: "create bucket", key: nil)
        }
    }
}
