import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct TrustBundleTests {
    static let day: TimeInterval = 86_400
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static func at(_ days: Double) -> Date { t0.addingTimeInterval(days * day) }

    static let hashA = ContentHash(digest: [UInt8](repeating: 0xa1, count: 32))
    static let hashB = ContentHash(digest: [UInt8](repeating: 0xb2, count: 32))

    struct Fixture {
        let oldKey = Ed25519.PrivateKey.generate()
        let newKey = Ed25519.PrivateKey.generate()
        let otherKey = Ed25519.PrivateKey.generate()
        let strangerKey = Ed25519.PrivateKey.generate()
        let trust: TrustBundle

        /// acme: old key valid days 0–100, new key from day 90; globex: one key; old key revoked at day 50.
        init(revokeOldAt: Double? = nil) throws {
            let oldID = KeyID(publicKey: oldKey.publicKey)
            let revocations = revokeOldAt.map {
                [KeyRevocation(keyID: oldID, revokedAt: TrustBundleTests.at($0), reason: "laptop stolen")]
            } ?? []
            trust = try TrustBundle(keys: [
                "acme": [TrustedKey(publicKey: oldKey.publicKey, notBefore: TrustBundleTests.at(0),
                                    notAfter: TrustBundleTests.at(100)),
                         TrustedKey(publicKey: newKey.publicKey, notBefore: TrustBundleTests.at(90))],
                "globex": [TrustedKey(publicKey: otherKey.publicKey, notBefore: TrustBundleTests.at(0))],
            ], revocations: revocations)
        }
    }

    static func sign(_ key: Ed25519.PrivateKey, _ hash: ContentHash, publisher: String = "acme",
                     day: Double) -> BundleSignature {
        BundleSignature.sign(contentHash: hash, publisher: publisher, key: key, at: at(day))
    }

    @Test func testEvaluate_whenSignedByValidKey_accepts() throws {
        let f = try Fixture()
        let sig = Self.sign(f.oldKey, Self.hashA, day: 10)
        #expect(f.trust.evaluate(sig, contentHash: Self.hashA, publisher: "acme", at: Self.at(10))
            == .accepted(KeyID(publicKey: f.oldKey.publicKey)))
    }

    @Test func testEvaluate_whenNoSignature_isUnsigned() throws {
        let f = try Fixture()
        let d = f.trust.evaluate(nil, contentHash: Self.hashA, publisher: "acme", at: Self.at(10))
        #expect(d.failure == .unsigned)
        #expect(d.appError?.code == .signatureRequired)
    }

    @Test func testEvaluate_whenKeyUnknown_isUnknownKey() throws {
        let f = try Fixture()
        let d = f.trust.evaluate(Self.sign(f.strangerKey, Self.hashA, day: 10), contentHash: Self.hashA,
                                 publisher: "acme", at: Self.at(10))
        #expect(d.failure == .unknownKey)
        #expect(d.appError?.code == .signatureUnknownKey)
    }

    @Test func testEvaluate_whenFirstSeenBeforeKeyWindow_isNotYetValid() throws {
        let f = try Fixture()
        let d = f.trust.evaluate(Self.sign(f.newKey, Self.hashA, day: 80), contentHash: Self.hashA,
                                 publisher: "acme", at: Self.at(80))
        #expect(d.failure == .keyNotYetValid)
    }

    @Test func testEvaluate_whenFirstSeenAfterKeyWindow_isExpired() throws {
        let f = try Fixture()
        let d = f.trust.evaluate(Self.sign(f.oldKey, Self.hashA, day: 99), contentHash: Self.hashA,
                                 publisher: "acme", at: Self.at(100))
        #expect(d.failure == .keyExpired)
        #expect(d.appError?.code == .signatureKeyExpired)
    }

    @Test func testEvaluate_whenSignatureOrBundleTampered_isBadSignature() throws {
        let f = try Fixture()
        var sig = Self.sign(f.oldKey, Self.hashA, day: 10)
        // The bundle bytes changed: the signature is for another content hash.
        #expect(f.trust.evaluate(sig, contentHash: Self.hashB, publisher: "acme", at: Self.at(10)).failure == .badSignature)
        // The signature claims the new hash but its bytes were made for the old one.
        var relabelled = sig
        relabelled.contentHash = Self.hashB
        #expect(f.trust.evaluate(relabelled, contentHash: Self.hashB, publisher: "acme", at: Self.at(10)).failure
            == .badSignature)
        // Flipped signature bits.
        sig.signature[0] ^= 1
        let d = f.trust.evaluate(sig, contentHash: Self.hashA, publisher: "acme", at: Self.at(10))
        #expect(d.failure == .badSignature)
        #expect(d.appError?.code == .signatureBad)
        // A signature time edited after signing.
        var retimed = Self.sign(f.oldKey, Self.hashA, day: 10)
        retimed.signedAt = Self.at(11)
        #expect(f.trust.evaluate(retimed, contentHash: Self.hashA, publisher: "acme", at: Self.at(11)).failure
            == .badSignature)
    }

    @Test func testEvaluate_whenPublisherDiffers_isPublisherMismatch() throws {
        let f = try Fixture()
        // globex's key signs a bundle whose manifest says acme.
        let viaOtherKey = Self.sign(f.otherKey, Self.hashA, publisher: "acme", day: 10)
        #expect(f.trust.evaluate(viaOtherKey, contentHash: Self.hashA, publisher: "acme", at: Self.at(10)).failure
            == .publisherMismatch)
        // The signature names globex but the bundle is acme's.
        let forGlobex = Self.sign(f.otherKey, Self.hashA, publisher: "globex", day: 10)
        let d = f.trust.evaluate(forGlobex, contentHash: Self.hashA, publisher: "acme", at: Self.at(10))
        #expect(d.failure == .publisherMismatch)
        #expect(d.appError?.code == .signaturePublisherMismatch)
    }

    @Test func testEvaluate_whenKeyRevoked_acceptsBundlesSeenBeforeAndRefusesAfter() throws {
        let f = try Fixture(revokeOldAt: 50)
        let before = Self.sign(f.oldKey, Self.hashA, day: 20)
        #expect(f.trust.evaluate(before, contentHash: Self.hashA, publisher: "acme", at: Self.at(20)).isAccepted)
        let after = Self.sign(f.oldKey, Self.hashB, day: 60)
        let d = f.trust.evaluate(after, contentHash: Self.hashB, publisher: "acme", at: Self.at(60))
        #expect(d.failure == .keyRevoked)
        #expect(d.appError?.code == .signatureKeyRevoked)
        // The thief backdates signed_at to before the revocation; the registry's first-seen time decides.
        let backdated = Self.sign(f.oldKey, Self.hashB, day: 20)
        #expect(f.trust.evaluate(backdated, contentHash: Self.hashB, publisher: "acme", at: Self.at(60)).failure
            == .keyRevoked)
        // Re-checking the old bundle at install time uses its recorded first-seen time: still accepted.
        #expect(f.trust.evaluate(before, contentHash: Self.hashA, publisher: "acme", at: Self.at(20)).isAccepted)
    }

    @Test func testEvaluate_whenKeysRotate_eachKeyVerifiesItsOwnBundles() throws {
        let f = try Fixture()
        let oldSig = Self.sign(f.oldKey, Self.hashA, day: 30)
        let newSig = Self.sign(f.newKey, Self.hashB, day: 95)
        #expect(f.trust.evaluate(oldSig, contentHash: Self.hashA, publisher: "acme", at: Self.at(30)).isAccepted)
        #expect(f.trust.evaluate(newSig, contentHash: Self.hashB, publisher: "acme", at: Self.at(95)).isAccepted)
        // During the overlap both keys are active.
        let overlapOld = Self.sign(f.oldKey, Self.hashB, day: 95)
        #expect(f.trust.evaluate(overlapOld, contentHash: Self.hashB, publisher: "acme", at: Self.at(95)).isAccepted)
        // Neither key's signature verifies under the other's id.
        var swapped = newSig
        swapped.keyID = oldSig.keyID
        #expect(f.trust.evaluate(swapped, contentHash: Self.hashB, publisher: "acme", at: Self.at(95)).failure
            == .badSignature)
        // After the old key's window, only the new key can publish.
        #expect(f.trust.evaluate(Self.sign(f.oldKey, Self.hashB, day: 120), contentHash: Self.hashB, publisher: "acme",
                                 at: Self.at(120)).failure == .keyExpired)
        #expect(f.trust.evaluate(Self.sign(f.newKey, Self.hashB, day: 120), contentHash: Self.hashB, publisher: "acme",
                                 at: Self.at(120)).isAccepted)
    }

    @Test func testSignedMessage_whenBuilt_bindsEveryFieldCanonically() throws {
        let key = try Ed25519.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
        let id = KeyID(publicKey: key.publicKey)
        let message = String(decoding: BundleSignature.signedMessage(keyID: id, publisher: "acme", contentHash: Self.hashA,
                                                                     signedAt: Self.at(1.5)), as: UTF8.self)
        #expect(message == "alga-bundle-signature@1\nkey_id:\(id)\npublisher:acme\ncontent_hash:sha256:"
            + String(repeating: "a1", count: 32) + "\nsigned_at:2026-01-02T12:00:00Z\n")
        #expect(id.rawValue.count == 24 && id.rawValue.hasPrefix("ed25519:"))
    }

    @Test func testSignatureJSON_whenRoundTripped_isIdenticalAndStrict() throws {
        let sig = Self.sign(Ed25519.PrivateKey.generate(), Self.hashA, day: 3.25)
        let json = sig.jsonString()
        #expect(try BundleSignature(json: Array(json.utf8)) == sig)
        let cases: [(String, String)] = [
            (json.replacingOccurrences(of: "\"ed25519\",", with: "\"rsa\","), "algorithm"),
            (json.replacingOccurrences(of: "}", with: ",\"extra\":1}"), "extra: unknown field"),
            (json.replacingOccurrences(of: "T06:00:00Z", with: "T06:00:00+01:00"), "signed_at"),
            (json.replacingOccurrences(of: "\"publisher\":\"acme\"", with: "\"publisher\":\"Acme\""), "publisher"),
            (json.replacingOccurrences(of: "sha256:", with: "md5:"), "content_hash"),
        ]
        for (text, field) in cases {
            do {
                _ = try BundleSignature(json: Array(text.utf8))
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.code == .signatureInvalid)
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
    }

    @Test func testTrustBundleJSON_whenRoundTripped_evaluatesTheSame() throws {
        let f = try Fixture(revokeOldAt: 50)
        let copy = try TrustBundle(json: Array(f.trust.jsonString().utf8))
        #expect(copy == f.trust)
        let sig = Self.sign(f.oldKey, Self.hashA, day: 60)
        #expect(copy.evaluate(sig, contentHash: Self.hashA, publisher: "acme", at: Self.at(60)).failure == .keyRevoked)
    }

    @Test func testTrustBundleJSON_whenInconsistent_namesTheField() throws {
        let key = Ed25519.PrivateKey.generate().publicKey
        let other = Ed25519.PrivateKey.generate().publicKey
        let b64 = Base64Strict.encode(key.rawRepresentation)
        let mismatched = """
            {"format":"alga-trust-bundle@1","publishers":{"acme":{"keys":[
              {"key_id":"\(KeyID(publicKey: other))","public_key":"\(b64)","not_before":"2026-01-01T00:00:00Z"}]}}}
            """
        do {
            _ = try TrustBundle(json: Array(mismatched.utf8))
            Issue.record("accepted a key id that does not match its key")
        } catch {
            #expect(error.code == .trustBundleInvalid)
            #expect(error.message.contains("publishers.acme.keys[0].key_id"))
        }
        #expect(throws: AppError(.trustBundleInvalid, status: 400, "")) {
            try TrustBundle(keys: ["a": [TrustedKey(publicKey: key, notBefore: Self.t0)],
                                   "b": [TrustedKey(publicKey: key, notBefore: Self.t0)]])
        }
        #expect(throws: AppError(.trustBundleInvalid, status: 400, "")) {
            try TrustBundle(keys: ["a": [TrustedKey(publicKey: key, notBefore: Self.t0, notAfter: Self.t0)]])
        }
    }

    @Test func testRFC3339_whenParsedAndFormatted_roundTripsAndRejectsVariants() {
        for text in ["1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-12-31T12:34:56Z", "9999-12-31T23:59:59Z"] {
            #expect(RFC3339Time.parse(text).map(RFC3339Time.format) == text)
        }
        for bad in ["2025-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z", "2026-01-01 00:00:00Z",
                    "2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00+00:00", "1969-12-31T23:59:59Z", "2026-1-01T00:00:00Z"] {
            #expect(RFC3339Time.parse(bad) == nil, "\(bad)")
        }
    }
}
