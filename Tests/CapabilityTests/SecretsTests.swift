import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// `alga.secrets.get` through the runner and the registry: one secret per call with the
/// request's scoped token, install isolation, expiry, and no plaintext anywhere but the guest:
/// not in either service's logs (debug level), metrics, error texts, or a `pg_dump`.
@Suite(.serialized, .ownThread) struct SecretsTests {
    static let pgDump = "/usr/lib/postgresql/15/bin/pg_dump"

    @Test func testSecrets_whenGranted_readOneAtATimeForTheTokensInstallOnlyAndNeverLeak() async throws {
        let marker = "S3cr3t-" + RequestID.generate()
        let other = "Other-" + RequestID.generate()
        let tenant2Secret = "T2-" + RequestID.generate()
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: "com.acme.caps")
            let a = try await p.install("t1", "com.acme.caps", grants: ["secrets.get", "storage.kv"],
                                        secrets: ["api_key": marker, "db.password": other])
            let b = try await p.install("t2", "com.acme.caps", grants: ["storage.kv"], secrets: ["api_key": tenant2Secret])
            let caps = ["secrets.get", "storage.kv"]

            let readRequest = try p.request(tenant: "t1", install: a, contentHash: hash, extensionName: "com.acme.caps",
                                            commands: ["secret api_key", "secret db.password", "secret missing", "secret ..",
                                                       "secret bad/name"], grants: caps)
            let read = try await p.execute(readRequest)
            #expect(read.status == 200, "\(read.response)")
            let lines = Platform.lines(read.response)
            #expect(lines.count == 5)
            #expect(lines[0] == "secret ok len=\(marker.utf8.count) value=\(marker)")
            #expect(lines[1] == "secret ok len=\(other.utf8.count) value=\(other)")
            #expect(lines[2].hasPrefix("secret not_found | secrets.get: not_found: registry answered 404 not_found"), "\(lines[2])")
            #expect(lines[3].hasPrefix("secret invalid_argument"), "\(lines[3])")
            #expect(lines[4].hasPrefix("secret invalid_argument"), "\(lines[4])")

            // Not granted in the request: denied by the runner, nothing asked of the registry.
            let denied = try await p.execute(try p.request(tenant: "t1", install: a, contentHash: hash, extensionName: "com.acme.caps",
                                                           commands: ["secret api_key"], grants: ["storage.kv"]))
            #expect(Platform.lines(denied.response) == ["secret denied | secrets.get: denied: the install has not granted 'secrets.get'"])
            // Install B never granted secrets.get: even a request claiming the grant is refused by the registry.
            let notGranted = try await p.execute(try p.request(tenant: "t2", install: b, contentHash: hash,
                                                               extensionName: "com.acme.caps", commands: ["secret api_key"], grants: caps))
            #expect(Platform.lines(notGranted.response).first?.hasPrefix("secret denied | secrets.get: denied: registry answered 403 capability_denied") == true,
                    "\(Platform.lines(notGranted.response))")
            // A token for another tenant's install id, or for a tenant the install is not in, opens nothing.
            for (tenant, install) in [("t2", a), ("t1", b)] {
                let crossed = try await p.execute(try p.request(tenant: tenant, install: install, contentHash: hash,
                                                                extensionName: "com.acme.caps", commands: ["secret api_key"], grants: caps))
                let line = Platform.lines(crossed.response).first ?? ""
                #expect(line.hasPrefix("secret unavailable | secrets.get: unavailable: registry answered 404 install_not_found"), "\(line)")
            }
            // An expired token is refused (and a token can never outlive its request by much).
            let expired = try await p.execute(try p.request(tenant: "t1", install: a, contentHash: hash, extensionName: "com.acme.caps",
                                                            commands: ["secret api_key"], grants: caps, tokenExpiresIn: -1))
            #expect(Platform.lines(expired.response).first?.hasPrefix("secret unavailable | secrets.get: unavailable: registry answered 401 scoped_token_expired") == true,
                    "\(Platform.lines(expired.response))")

            // Where a secret must never appear.
            for secret in [marker, other, tenant2Secret] {
                for form in Self.encodings(of: secret) {
                    #expect(!p.logText.contains(form), "a log line holds a secret")
                    #expect(!p.metricsText.contains(form), "a metric holds a secret")
                }
            }
            for response in [read, denied, notGranted, expired].map(\.response) {
                for line in Platform.lines(response) where line.contains(" | ") {
                    #expect(!line.contains(marker) && !line.contains(other), "an error text holds a secret: \(line)")
                }
            }
            #expect(p.logText.contains(readRequest.context.requestID), "the logs were captured")
            // As the cluster's superuser: forced RLS hides every row from the owner without a tenant.
            let env = try await TestEnvironment.postgresEnvironment()
            guard getuid() == 0, let socket = env["ALGA_PG_SOCKET_DIR"], let port = env["ALGA_PG_PORT"] else {
                throw TestFailure("the pg_dump check runs as root (runuser -u postgres) with ALGA_PG_SOCKET_DIR and ALGA_PG_PORT")
            }
            let dump = try await TestEnvironment.run("/usr/sbin/runuser", ["-u", "postgres", "--", Self.pgDump, "--data-only",
                                                                           "-h", socket, "-p", port, p.database.name],
                                                     seconds: 60).output
            let stored = try await p.database.query("SELECT ciphertext FROM tenant_extension_install_secret", tenant: "t1")
            #expect(stored.count == 2)
            for row in stored {
                let ciphertext: [UInt8] = try row.decode("ciphertext")
                #expect(dump.contains(Hex.encode(ciphertext)), "the dump holds the secret rows (as ciphertext)")
            }
            for secret in [marker, other, tenant2Secret] {
                for form in Self.encodings(of: secret) { #expect(!dump.contains(form), "pg_dump shows a secret in plaintext") }
            }
        }
    }

    /// The plaintext as text, as bytea hex (`\x…` in a dump) and as Base64.
    static func encodings(of secret: String) -> [String] {
        let bytes = Array(secret.utf8)
        return [secret, Hex.encode(bytes), Base64.encode(bytes)]
    }
}
