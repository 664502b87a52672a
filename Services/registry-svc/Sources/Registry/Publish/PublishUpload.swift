import Bundle
import Foundation
import HTTPCore
import Shared

/// What a publisher uploads: the bundle as the request body (spooled to a temporary file by the
/// server), its detached signature in `X-Alga-Signature` (Base64 of `signature.json`,
/// docs/signing.md) and optionally the content hash it expects in `X-Alga-Content-Hash`.
struct PublishUpload: Sendable {
    /// Keeps the spooled body alive (and so its file) while publish reads it.
    let body: RequestBody
    let path: String
    let signature: BundleSignature?
    let declaredHash: ContentHash?

    /// - Parameter scratch: where an in-memory body is written (small bodies are not spooled).
    init(_ request: HTTPRequest, scratch: String) throws {
        body = request.body
        switch request.body {
        case .empty:
            throw AppError(.bundleEmpty, status: 400, "the request body (the bundle) is empty")
        case .file(let spooled):
            path = spooled.path
        case .bytes(let bytes):
            path = scratch
            guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else {
                throw AppError.internalError("cannot write the upload to \(scratch)")
            }
        }
        if let header = request.headers["x-alga-signature"] {
            guard header.utf8.count <= 16 << 10, let json = try? Base64.decode(header) else {
                throw AppError(.signatureInvalid, status: 400, "X-Alga-Signature: must be the Base64 of signature.json")
            }
            signature = try BundleSignature(json: json)
        } else {
            signature = nil
        }
        declaredHash = try request.headers["x-alga-content-hash"].map { (text) throws(AppError) in try ContentHash(parsing: text) }
    }
}
