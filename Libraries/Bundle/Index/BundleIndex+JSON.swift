import Shared

/// `index.json`: `{"format":"alga-bundle-index@1","content_hash":"sha256:…","compressed_size":N,
/// "uncompressed_size":N,"entries":[{"path":"dist/main.wasm","type":"file","size":N,"sha256":"…"},
/// {"path":"ui","type":"directory","size":0}]}`. Keys are written in this fixed order.
extension BundleIndex {
    public func jsonString() -> String {
        var out = "{\"format\":" + JSONQuoting.quoted(Self.format)
        out += ",\"content_hash\":" + JSONQuoting.quoted(contentHash.description)
        out += ",\"compressed_size\":\(compressedSize),\"uncompressed_size\":\(uncompressedSize),\"entries\":["
        for (i, e) in entries.enumerated() {
            if i > 0 { out += "," }
            out += "{\"path\":" + JSONQuoting.quoted(e.path) + ",\"type\":\"" + e.kind.rawValue + "\",\"size\":\(e.size)"
            if let sha = e.sha256 { out += ",\"sha256\":\"" + sha + "\"" }
            out += "}"
        }
        out += "]}"
        return out
    }

    /// Parses `index.json`; anything unexpected throws `bundle_index_invalid`.
    public init(json bytes: [UInt8]) throws(AppError) {
        func invalid(_ why: String) -> AppError { AppError(.bundleIndexInvalid, status: 500, "bundle index: \(why)") }
        let root: StrictJSONValue
        do { root = try StrictJSONParser.parse(bytes) } catch { throw invalid(error.description) }
        guard let obj = root.objectValue, obj["format"]?.stringValue == Self.format else {
            throw invalid("not an \(Self.format) document")
        }
        guard let hashText = obj["content_hash"]?.stringValue,
              let compressed = obj["compressed_size"]?.nonNegativeInt64,
              let uncompressed = obj["uncompressed_size"]?.nonNegativeInt64,
              let items = obj["entries"]?.arrayValue else { throw invalid("missing or mistyped field") }
        guard let hash = try? ContentHash(parsing: hashText) else { throw invalid("content_hash is malformed") }
        var entries = [BundleIndexEntry]()
        entries.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let e = item.objectValue, let path = e["path"]?.stringValue,
                  let kind = e["type"]?.stringValue.flatMap(BundleEntryKind.init(rawValue:)),
                  let size = e["size"]?.nonNegativeInt64 else { throw invalid("entries[\(i)] is malformed") }
            let sha = e["sha256"]?.stringValue
            guard (kind == .file) == (sha != nil) else { throw invalid("entries[\(i)] sha256 does not fit its type") }
            entries.append(BundleIndexEntry(path: path, kind: kind, size: size, sha256: sha))
        }
        self.init(contentHash: hash, compressedSize: compressed, uncompressedSize: uncompressed, entries: entries)
    }
}
