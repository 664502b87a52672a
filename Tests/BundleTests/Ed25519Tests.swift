import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct Ed25519Tests {
    // RFC 8032 §7.1, TEST 1 (empty message) and TEST 3 (two-byte message).
    static let vectors: [(seed: String, pub: String, msg: String, sig: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    @Test func testSign_whenRFC8032Vector_matchesExpectedSignature() throws {
        for v in Self.vectors {
            let key = try Ed25519.PrivateKey(rawRepresentation: try #require(Hex.decode(v.seed)))
            #expect(Hex.encode(key.publicKey.rawRepresentation) == v.pub)
            let msg = try #require(Hex.decode(v.msg))
            #expect(Hex.encode(key.signature(for: msg)) == v.sig)
            #expect(key.publicKey.isValidSignature(try #require(Hex.decode(v.sig)), for: msg))
        }
    }

    @Test func testVerify_whenMessageOrSignatureAltered_fails() throws {
        let key = Ed25519.PrivateKey.generate()
        let msg = Array("content_hash:sha256:abc".utf8)
        var sig = key.signature(for: msg)
        #expect(key.publicKey.isValidSignature(sig, for: msg))
        #expect(!key.publicKey.isValidSignature(sig, for: msg + [0]))
        sig[10] ^= 0x01
        #expect(!key.publicKey.isValidSignature(sig, for: msg))
        #expect(!key.publicKey.isValidSignature(sig.prefix(63), for: msg))
        #expect(!Ed25519.PrivateKey.generate().publicKey.isValidSignature(key.signature(for: msg), for: msg))
    }

    @Test func testInit_whenKeyBytesMalformed_throwsKeyInvalid() {
        #expect(throws: AppError(.keyInvalid, status: 400, "")) { try Ed25519.PrivateKey(rawRepresentation: [1, 2, 3]) }
        #expect(throws: AppError(.keyInvalid, status: 400, "")) {
            try Ed25519.PublicKey(rawRepresentation: [UInt8](repeating: 0, count: 31))
        }
    }

    @Test func testPEM_whenRoundTripped_keepsKeysAndRejectsOtherAlgorithms() throws {
        let key = Ed25519.PrivateKey.generate()
        let pem = key.pemRepresentation
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let back = try Ed25519.PrivateKey(pemRepresentation: pem)
        #expect(back.rawRepresentation == key.rawRepresentation)
        let pubPEM = key.publicKey.pemRepresentation
        #expect(pubPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(try Ed25519.PublicKey(pemRepresentation: pubPEM) == key.publicKey)
        #expect(throws: AppError(.keyInvalid, status: 400, "")) { try Ed25519.PublicKey(pemRepresentation: "garbage") }
        // An EC P-256 public key (SubjectPublicKeyInfo) is well-formed PEM but not Ed25519.
        let p256 = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEw//0vDZgW3CpPtdVYmBgyKTM6Efd
            a/CZQPOTN+mH6UBGPx0zyKzDKNJm03WUtXbTbHx1bN+FQIYGq/9qf0QSGA==
            -----END PUBLIC KEY-----
            """
        do {
            _ = try Ed25519.PublicKey(pemRepresentation: p256)
            Issue.record("a P-256 key was accepted as Ed25519")
        } catch {
            #expect(error.code == .keyInvalid && error.message.contains("not an Ed25519 key"))
        }
    }

    @Test func testDescription_whenPrivateKey_hidesKeyMaterial() {
        let key = Ed25519.PrivateKey.generate()
        #expect(!"\(key)".contains(Hex.encode(key.rawRepresentation)))
        #expect("\(key)".contains("redacted"))
    }
}
