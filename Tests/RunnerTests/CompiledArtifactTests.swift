import Shared
import TestSupport
import Testing
@testable import Runner

@Suite(.ownThread) struct CompiledArtifactTests {
    static let key = try! PlatformKey(bytes: Array(repeating: 7, count: 32))
    static let artifact = CompiledArtifact(contentHash: "sha256:" + String(repeating: "a", count: 64), fingerprint: "sha256:f",
                                           publisher: "acme", capabilities: ["log"], payload: Array(0..<200).map { UInt8($0) })

    @Test func testDecode_whenAuthentic_roundTrips() throws {
        let bytes = Self.artifact.encoded(key: Self.key)
        let decoded = try CompiledArtifact.decode(bytes, key: Self.key, expectedHash: Self.artifact.contentHash,
                                                  fingerprint: "sha256:f")
        #expect(decoded == Self.artifact)
    }

    @Test func testDecode_whenAnyByteChanges_refusesWithBadMACOrMalformed() throws {
        let bytes = Self.artifact.encoded(key: Self.key)
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var tampered = bytes
            tampered[i] ^= 0x40
            #expect(throws: (any Error).self, "byte \(i)") {
                _ = try CompiledArtifact.decode(tampered, key: Self.key, expectedHash: Self.artifact.contentHash,
                                                fingerprint: "sha256:f")
            }
        }
    }

    @Test func testDecode_whenOtherKeyBundleOrEngine_refuses() throws {
        let bytes = Self.artifact.encoded(key: Self.key)
        let other = try PlatformKey(bytes: Array(repeating: 8, count: 32))
        #expect(throws: CompiledArtifact.DecodeFailure.badMAC) {
            _ = try CompiledArtifact.decode(bytes, key: other, expectedHash: Self.artifact.contentHash, fingerprint: "sha256:f")
        }
        #expect(throws: CompiledArtifact.DecodeFailure.mismatch("artefact is for \(Self.artifact.contentHash)")) {
            _ = try CompiledArtifact.decode(bytes, key: Self.key, expectedHash: "sha256:b", fingerprint: "sha256:f")
        }
        #expect(throws: CompiledArtifact.DecodeFailure.malformed("bad magic")) {
            _ = try CompiledArtifact.decode(Array("nope".utf8), key: Self.key, expectedHash: "x", fingerprint: "y")
        }
    }

    @Test func testPlatformKey_whenShorterThan32Bytes_throwsConfigError() {
        #expect(throws: ConfigError.self) { _ = try PlatformKey(bytes: Array(repeating: 1, count: 31)) }
    }
}
