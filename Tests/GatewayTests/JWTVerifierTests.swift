import Foundation
import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct JWTVerifierTests {
    let ed = Ed25519.PrivateKey.generate()
    let hs = SecureRandom.bytes(32)
    let verifier: JWTVerifier
    let now = Int64(Date().timeIntervalSince1970)

    init() throws {
        verifier = JWTVerifier(settings: try TestJWT.settings(keysFile: try TestJWT.keyFile(ed: ed, hs: hs)))
    }

    func verify(_ token: String) throws -> Principal {
        try verifier.verify(token, now: now, keySet: verifier.keySet)
    }

    func code(_ token: String) -> String? {
        (#expect(throws: AppError.self) { _ = try verify(token) })?.code.rawValue
    }

    @Test func testVerify_whenEdDSAAndHS256AreValid_yieldsTenantAndUser() throws {
        let claims = TestJWT.claims(extra: ["name": "Ada Lovelace", "email": "ada@example.com", "user_type": "internal"])
        for token in [TestJWT.edDSA(ed, claims: claims), TestJWT.hs256(hs, claims: claims)] {
            let p = try verify(token)
            #expect(p.kind == .user && p.tenantID == "t1")
            #expect(p.user == ExecuteUser(id: "user-1", name: "Ada Lovelace", email: "ada@example.com", type: "internal"))
        }
        #expect(verifier.keySet.keys.count == 2 && verifier.keySet.invalidLines == 1)
    }

    @Test func testVerify_whenSignatureForgedOrKeyUnknown_isInvalidToken() {
        let other = Ed25519.PrivateKey.generate()
        #expect(code(TestJWT.edDSA(other, claims: TestJWT.claims())) == "invalid_token")
        #expect(code(TestJWT.edDSA(ed, kid: "nope", claims: TestJWT.claims())) == "invalid_token")
        #expect(code(TestJWT.hs256(SecureRandom.bytes(32), claims: TestJWT.claims())) == "invalid_token")
        // A valid token whose payload was swapped for another tenant's.
        let valid = TestJWT.edDSA(ed, claims: TestJWT.claims()).split(separator: ".")
        let forgedPayload = Base64URL.encode(TestJWT.claims(tenant: "t2").encoded())
        #expect(code("\(valid[0]).\(forgedPayload).\(valid[2])") == "invalid_token")
    }

    @Test func testVerify_whenAlgorithmIsNoneOrConfused_isInvalidToken() {
        let none = TestJWT.token(header: ["alg": "none"], claims: TestJWT.claims()) { _ in [] } + "x"
        #expect(code(none) == "invalid_token")
        // HS256 "signed" with the Ed25519 public key bytes must not verify against the EdDSA key.
        let confused = TestJWT.token(header: ["alg": "HS256", "kid": "ed1"], claims: TestJWT.claims()) {
            HMACSHA256.mac(key: ed.publicKey.rawRepresentation, message: $0)
        }
        #expect(code(confused) == "invalid_token")
        let crit = TestJWT.token(header: ["alg": "EdDSA", "kid": "ed1", "crit": ["exp"]], claims: TestJWT.claims()) { ed.signature(for: $0) }
        #expect(code(crit) == "invalid_token")
    }

    @Test func testVerify_whenExpiredOrNotYetValid_isRefused() throws {
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(exp: now - 31))) == "token_expired")
        #expect(try verify(TestJWT.edDSA(ed, claims: TestJWT.claims(exp: now - 5))).tenantID == "t1", "within the leeway")
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(extra: ["nbf": .number(JSONNumber(now + 120))]))) == "invalid_token")
        #expect(code(TestJWT.edDSA(ed, claims: .object(["iss": "https://idp.test", "aud": "alga-ext", "sub": "u", "tenant": "t1"])))
                == "invalid_token", "exp is required")
    }

    @Test func testVerify_whenIssuerAudienceOrClaimsWrong_isInvalidToken() throws {
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(aud: "other-api"))) == "invalid_token")
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(iss: "https://evil.test"))) == "invalid_token")
        #expect(try verify(TestJWT.edDSA(ed, claims: TestJWT.claims(aud: ["x", "alga-ext"]))).tenantID == "t1")
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(tenant: "bad tenant"))) == "invalid_token")
        #expect(code(TestJWT.edDSA(ed, claims: TestJWT.claims(sub: ""))) == "invalid_token")
        #expect(code("a.b") == "invalid_token")
        #expect(code(String(repeating: "a", count: 9000)) == "invalid_token")
    }

    @Test func testCache_whenKeyFileChanges_forgetsVerifiedTokens() throws {
        let cache = VerifiedTokenCache(capacity: 64)
        let token = TestJWT.edDSA(ed, claims: TestJWT.claims())
        let digest = TokenDigest(token)
        let principal = try verify(token)
        cache.store(digest, principal, generation: 1, now: now)
        #expect(cache.lookup(digest, generation: 1, now: now) == principal)
        #expect(cache.lookup(digest, generation: 2, now: now) == nil)
        cache.store(digest, principal, generation: 1, now: now)
        #expect(cache.lookup(digest, generation: 1, now: (principal.expiresAt ?? 0) + 1) == nil, "gone after expiry")
    }
}
