import Bundle
import Foundation
import ObjectStore
import ServiceKit
import Shared
import TestSupport
import Testing
@testable import Registry

/// Pure parts of the registry: input rules, credential and key files, encryption, cursors.
@Suite(.ownThread) struct RegistryUnitTests {
    @Test(arguments: [
        ("https://api.example.com", nil), ("http://10.0.0.1:8080", nil), ("https://*.example.com", nil),
        ("https://[::1]:443", nil), ("https://api.example.com:65535", nil),
        ("ftp://a.example", "must start with http:// or https://"), ("https://", "missing host"),
        ("https://a.example/path", "without path"), ("https://user@a.example", "without path"),
        ("https://A.example", "lower-case"), ("https://a..example", "lower-case"), ("https://a.example:0", "port"),
        ("https://a.example:99999", "port"), ("https://*.*.example", "lower-case"), ("https://[::1", "unterminated"),
        ("https://-a.example", "lower-case"),
    ] as [(String, String?)])
    func testEgressRule_whenEntryGiven_acceptsOrNamesTheProblem(entry: String, problem: String?) {
        let found = EgressRule.problem(entry)
        if let problem { #expect(found?.contains(problem) == true, "\(entry): \(found ?? "accepted")") } else { #expect(found == nil, "\(entry): \(found ?? "")") }
    }

    @Test func testSecretBox_whenAssociatedDataDiffers_refusesToOpen() throws {
        let dir = NSTemporaryDirectory() + "kek-" + RequestID.generate()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        let box = SecretBox(keys: KeyEncryptionKeys(path: dir + "/kek"))
        let sealed = try box.seal(Array("value".utf8), tenant: "t1", install: "i1", name: "api_key")
        #expect(try box.open(sealed, tenant: "t1", install: "i1", name: "api_key") == Array("value".utf8))
        for (tenant, install, name) in [("t2", "i1", "api_key"), ("t1", "i2", "api_key"), ("t1", "i1", "other")] {
            #expect(throws: AppError(.secretUndecryptable, status: 500, "")) {
                try box.open(sealed, tenant: tenant, install: install, name: name)
            }
        }
        var tampered = sealed
        tampered.ciphertext[0] ^= 1
        #expect(throws: AppError.self) { try box.open(tampered, tenant: "t1", install: "i1", name: "api_key") }
        // Rotation: a new highest version encrypts; the old one still decrypts until removed.
        try "1 \(Base64.encode(try #require(KeyEncryptionKeys(path: dir + "/kek").key(version: 1))))\n2 \(Base64.encode(SecureRandom.bytes(32)))\n"
            .write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        #expect(try box.seal([1], tenant: "t", install: "i", name: "n").keyVersion == 2)
        #expect(try box.open(sealed, tenant: "t1", install: "i1", name: "api_key") == Array("value".utf8))
        try "2 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        #expect(throws: AppError.self) { try box.open(sealed, tenant: "t1", install: "i1", name: "api_key") }
        #expect(throws: AppError(.secretsUnavailable, status: 503, "")) {
            try SecretBox(keys: KeyEncryptionKeys(path: dir + "/missing")).seal([1], tenant: "t", install: "i", name: "n")
        }
    }

    @Test func testAES256GCM_whenKnownVector_matchesNIST() throws {
        // NIST SP 800-38D test case 14: 256-bit zero key, zero IV, one zero block.
        let key = [UInt8](repeating: 0, count: 32), nonce = [UInt8](repeating: 0, count: 12)
        let sealed = AES256GCM.seal([UInt8](repeating: 0, count: 16), key: key, nonce: nonce, associatedData: [])
        #expect(Hex.encode(sealed) == "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919")
        #expect(AES256GCM.open(sealed, key: key, nonce: nonce, associatedData: []) == [UInt8](repeating: 0, count: 16))
    }

    @Test func testCredentialFile_whenLinesAreValidOrNot_authenticatesOnlyListedTokens() throws {
        let path = NSTemporaryDirectory() + "creds-" + RequestID.generate()
        defer { unlink(path) }
        func hash(_ t: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(t.utf8))) }
        try """
            # comment
            ops admin \(hash("a"))
            ci publisher:acme \(hash("p"))
            t tenant:t-1 \(hash("t"))
            bad role \(hash("x"))
            short admin sha256:abcd
            two words here and more
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let file = CredentialFile(path: path)
        #expect(file.count == 3)
        #expect(file.authenticate(token: "a") == Credential(name: "ops", role: .admin))
        #expect(file.authenticate(token: "p")?.role == .publisher("acme"))
        #expect(file.authenticate(token: "t")?.canManage(tenant: "t-1") == true)
        #expect(file.authenticate(token: "t")?.canManage(tenant: "t-2") == false)
        #expect(file.authenticate(token: "x") == nil && file.authenticate(token: "") == nil)
        try "ops admin \(hash("b"))\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(file.authenticate(token: "a") == nil && file.authenticate(token: "b")?.isAdmin == true, "rotation is picked up")
        unlink(path)
        #expect(file.authenticate(token: "b") == nil, "a missing file authenticates nobody")
    }

    @Test func testScopedTokenKeys_whenRotating_oldTokensVerifyUntilTheirKeyIsRemoved() throws {
        let path = NSTemporaryDirectory() + "scoped-" + RequestID.generate()
        defer { unlink(path) }
        let k1 = Base64.encode(SecureRandom.bytes(32)), k2 = Base64.encode(SecureRandom.bytes(32))
        try "k1 \(k1)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let keys = ScopedTokenKeys(path: path)
        let now = Date()
        let token = ScopedToken(tenantID: "t1", installID: "i-1", requestID: "r.1", expiresAt: Int64(now.timeIntervalSince1970) + 60)
        let old = try #require(keys.mint(token))
        #expect(try keys.verify(old, now: now) == token)
        try "k2 \(k2)\nk1 \(k1)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let new = try #require(keys.mint(token))
        #expect(new.hasPrefix("ast1.k2."))
        #expect(try keys.verify(old, now: now) == token)
        try "k2 \(k2)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: AppError(.scopedTokenInvalid, status: 401, "")) { try keys.verify(old, now: now) }
        #expect(try keys.verify(new, now: now) == token)
        #expect(throws: AppError(.scopedTokenExpired, status: 401, "")) { try keys.verify(new, now: now.addingTimeInterval(61)) }
        #expect(keys.mint(ScopedToken(tenantID: "t 1", installID: "i", requestID: "r", expiresAt: 1)) == nil)
        try "k3 \(Base64.encode(SecureRandom.bytes(16)))\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(keys.count == 0, "keys shorter than 32 bytes are ignored")
    }

    @Test func testPageRequestAndTimestamp_whenRoundTripping_keepTheirValues() throws {
        let cursor = PageRequest.encode(["a", "b\u{e9}", ""])
        #expect(try PageRequest.decode(cursor, fields: 3) == ["a", "b\u{e9}", ""])
        #expect(throws: AppError.self) { try PageRequest.decode(cursor, fields: 2) }
        #expect(throws: AppError.self) { try PageRequest.decode("zz", fields: 1) }
        let t = try #require(Timestamp(parsing: "2026-03-01T10:15:00.123Z"))
        #expect(t.text == "2026-03-01T10:15:00.123Z")
        #expect(Timestamp(parsing: "2026-03-01T10:15:00Z")?.text == "2026-03-01T10:15:00.000Z")
        for bad in ["2026-03-01", "2026-03-01T10:15:00", "2026-03-01T10:15:00.Z", "2026-03-01T10:15:00.1234567Z", "2026-13-01T00:00:00Z"] {
            #expect(Timestamp(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func testCompileCheck_whenCheckerIsMissingOrModuleIsBad_reportsTheRightError() throws {
        let dir = NSTemporaryDirectory() + "compile-" + RequestID.generate()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.wasm", bad = dir + "/bad.wasm"
        _ = FileManager.default.createFile(atPath: good, contents: Data(TestModules.hello))
        _ = FileManager.default.createFile(atPath: bad, contents: Data("\0asm\u{1}\0\0\0\u{1}".utf8))
        let checker = CompileCheckSettings.besideExecutable("wasm-compile-check")
        let report = try CompileCheck(settings: CompileCheckSettings(checkerPath: checker)).check(modulePath: good)
        #expect(report.compileMs >= 0 && report.wallMs >= report.compileMs)
        #expect(throws: AppError(.moduleInvalid, status: 400, "")) {
            try CompileCheck(settings: CompileCheckSettings(checkerPath: checker)).check(modulePath: bad)
        }
        #expect(throws: AppError(.internalError, status: 500, "")) {
            try CompileCheck(settings: CompileCheckSettings(checkerPath: dir + "/missing")).check(modulePath: good)
        }
        let bomb = dir + "/bomb.wasm"
        _ = FileManager.default.createFile(atPath: bomb, contents: Data(TestModules.compileBomb))
        let start = ContinuousClock.now
        do {
            _ = try CompileCheck(settings: CompileCheckSettings(checkerPath: checker, cpuSeconds: 60, timeoutMs: 300)).check(modulePath: bomb)
            Issue.record("the compile bomb compiled")
        } catch {
            #expect(error.code == .moduleCompileLimit && error.message.contains("300 ms"), "\(error)")
        }
        #expect(ContinuousClock.now - start < .seconds(10), "the wall-clock kill ends the check")
    }
}

extension RegistryUnitTests {
    @Test func testObjectStoreSettings_whenS3CredentialsFileIsMalformed_namesTheVariable() throws {
        let path = NSTemporaryDirectory() + "s3-creds-" + RequestID.generate()
        defer { unlink(path) }
        try "only-one-line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let settings = try ObjectStoreSettings(environment: Environment([
            "OBJECT_STORE_ENDPOINT": "http://127.0.0.1:9", "OBJECT_STORE_CREDENTIALS_FILE": path]))
        #expect(throws: ConfigError.self) { _ = try settings.makeStore() }
        do { _ = try settings.makeStore() } catch let error as ConfigError {
            #expect(error.variable == "OBJECT_STORE_CREDENTIALS_FILE" && !error.description.contains("only-one-line"))
        }
        try "AKID\nsecret\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try settings.makeStore() is S3ObjectStore)
    }
}
