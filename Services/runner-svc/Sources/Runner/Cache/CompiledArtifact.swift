import Shared

/// A serialized module as the platform shares it through the object store, authenticated by
/// HMAC-SHA256 under the platform key. Deserializing runs native code, so an artefact is loaded
/// only when its MAC verifies for *this* bundle and engine (both are inside the MAC).
///
/// Layout: `ALGACWASM1` (10 bytes), header length (u32 LE), header JSON, MAC (32 bytes), payload.
/// Header: `{"content_hash","fingerprint","publisher","capabilities":[...]}`. The MAC covers
/// everything before it plus the payload.
struct CompiledArtifact: Sendable, Equatable {
    static let magic = Array("ALGACWASM1".utf8)

    var contentHash: String
    var fingerprint: String
    /// The manifest's publisher and capabilities, so a deserialized module needs no bundle.
    var publisher: String
    var capabilities: [String]
    var payload: [UInt8]

    func encoded(key: PlatformKey) -> [UInt8] {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("content_hash")
        w.string(contentHash)
        w.key("fingerprint")
        w.string(fingerprint)
        w.key("publisher")
        w.string(publisher)
        w.key("capabilities")
        w.stringList(capabilities)
        w.endObject()
        let header = w.bytes
        var out = Self.magic
        let n = UInt32(header.count)
        out += [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
        out += header
        let mac = HMACSHA256.mac(key: key.bytes, message: out + payload)
        out.reserveCapacity(out.count + 32 + payload.count)
        return out + mac + payload
    }

    enum DecodeFailure: Error, Equatable {
        /// Not an artefact at all (truncated, wrong magic, bad header).
        case malformed(String)
        /// Well-formed, but the MAC does not verify: refused.
        case badMAC
        /// Authentic, but for another bundle or engine.
        case mismatch(String)
    }

    /// Verifies and decodes; `expectedHash` and `fingerprint` must match the header.
    static func decode(_ bytes: [UInt8], key: PlatformKey, expectedHash: String, fingerprint: String)
        throws(DecodeFailure) -> CompiledArtifact
    {
        let m = magic.count
        guard bytes.count >= m + 4, Array(bytes[0..<m]) == magic else { throw .malformed("bad magic") }
        let n = Int(bytes[m]) | Int(bytes[m + 1]) << 8 | Int(bytes[m + 2]) << 16 | Int(bytes[m + 3]) << 24
        let headerEnd = m + 4 + n
        guard n <= 64 << 10, bytes.count >= headerEnd + 32 else { throw .malformed("truncated") }
        let mac = Array(bytes[headerEnd..<(headerEnd + 32)])
        let payload = Array(bytes[(headerEnd + 32)...])
        let signed = Array(bytes[0..<headerEnd]) + payload
        guard HMACSHA256.verify(key: key.bytes, message: signed, mac: mac) else { throw .badMAC }
        guard let header = try? JSONValue.parse(bytes[(m + 4)..<headerEnd]),
              let hash = header["content_hash"]?.stringValue, let print = header["fingerprint"]?.stringValue,
              let publisher = header["publisher"]?.stringValue,
              let caps = header["capabilities"]?.arrayValue?.compactMap(\.stringValue)
        else { throw .malformed("bad header") }
        guard hash == expectedHash else { throw .mismatch("artefact is for \(hash)") }
        guard print == fingerprint else { throw .mismatch("artefact is for engine \(print)") }
        return CompiledArtifact(contentHash: hash, fingerprint: print, publisher: publisher, capabilities: caps,
                                payload: payload)
    }
}
