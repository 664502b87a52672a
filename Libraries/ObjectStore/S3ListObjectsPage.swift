import Shared

/// One page of a ListObjectsV2 answer.
struct S3ListObjectsPage: Sendable, Equatable {
    /// Objects on this page, by object name (still encoded, see `S3ObjectName`).
    var objects: [ObjectInfo]
    var isTruncated: Bool
    var nextContinuationToken: String?

    init(objects: [ObjectInfo], isTruncated: Bool, nextContinuationToken: String?) {
        self.objects = objects
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }

    /// Parses a `ListBucketResult` document.
    init(xml: [UInt8]) throws(AppError) {
        let root = try S3XMLParser.parse(xml)
        func invalid(_ why: String) -> AppError {
            AppError(.objectStoreUnavailable, status: 503, "unexpected ListObjectsV2 answer: \(why)")
        }
        guard root.name == "ListBucketResult" else { throw invalid("root element is <\(root.name)>") }
        var objects = [ObjectInfo]()
        for entry in root.children("Contents") {
            guard let name = entry["Key"], !name.isEmpty else { throw invalid("an entry has no Key") }
            guard let sizeText = entry["Size"], let size = Int64(sizeText), size >= 0 else {
                throw invalid("entry \(name) has no valid Size")
            }
            objects.append(ObjectInfo(key: name, size: size, etag: entry["ETag"].map(S3ListObjectsPage.unquote)))
        }
        switch root["IsTruncated"] {
        case "true": isTruncated = true
        case "false", nil: isTruncated = false
        case let other?: throw invalid("IsTruncated is '\(other)'")
        }
        let token = root["NextContinuationToken"]
        nextContinuationToken = token?.isEmpty == true ? nil : token
        self.objects = objects
    }

    /// ETags arrive quoted (`"abc"`); the store reports them without quotes.
    static func unquote(_ etag: String) -> String {
        etag.count >= 2 && etag.hasPrefix("\"") && etag.hasSuffix("\"") ? String(etag.dropFirst().dropLast()) : etag
    }
}
