import Foundation
import ServiceKit
import Shared
import TestSupport
import Testing

/// Rotation of every credential on the request path while a load generator (standing in for
/// the gateway, which is not on main yet) posts `/v1/execute` continuously and each execution
/// calls the registry (a secret and two storage calls): the gateway → runner service token, the
/// runner → registry service token and the scoped-token key ring. Each goes through add → roll
/// out → remove old, files replaced atomically; no request may fail, and afterwards the old
/// credentials are refused.
@Suite(.serialized, .ownThread) struct TokenRotationTests {
    static let workers = 4

    @Test func testRotation_whenTokensAndKeysRotateUnderLoad_noRequestFails() async throws {
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: "com.acme.caps")
            let install = try await p.install("t1", "com.acme.caps", grants: ["secrets.get", "storage.kv"], secrets: ["api_key": "v"])
            let read = { (file: String) throws -> String in
                try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let gateway1 = try read(p.executeTokenFile)
            let gateway2 = "execute-" + RequestID.generate()
            let runner1 = try read(p.runnerRegistryTokenFile)
            let runner2 = "runner-registry-" + RequestID.generate()
            let key1 = try read(p.scopedKeysFile)
            let key2 = "k2 \(Base64.encode(SecureRandom.bytes(32)))"

            let gatewayToken = Locked(gateway1)
            let stop = Locked(false)
            let done = Locked([Int](repeating: 0, count: Self.workers))
            let failures = Locked<[String]>([])
            let commands = ["secret api_key", "put k -1 v", "get k"]
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for worker in 0..<Self.workers {
                        group.addTask {
                            while !stop.withLock({ $0 }) {
                                do {
                                    let request = try p.request(tenant: "t1", install: install, contentHash: hash,
                                                                extensionName: "com.acme.caps", commands: commands,
                                                                grants: ["secrets.get", "storage.kv"])
                                    let (status, response) = try await p.execute(request, token: gatewayToken.withLock { $0 })
                                    let lines = Platform.lines(response)
                                    if status != 200 || lines.count != 3 || !lines[0].hasPrefix("secret ok")
                                        || !lines[1].hasPrefix("put ok") || !lines[2].hasPrefix("get ok") {
                                        failures.withLock { $0.append("\(status) \(response.error?.message ?? "") \(lines)") }
                                    }
                                } catch {
                                    failures.withLock { $0.append("\(error)") }
                                }
                                done.withLock { $0[worker] += 1 }
                            }
                        }
                    }
                }
            }
            /// Waits until every worker finished at least `n` more requests (so none is still
            /// using a credential from before the last step).
            func drain(_ n: Int = 3) async throws {
                let start = done.withLock { $0 }
                let drained = await eventually(seconds: 60) {
                    done.withLock { now in zip(now, start).allSatisfy { pair in pair.0 - pair.1 >= n } }
                }
                if !drained { throw TestFailure("the load stalled: \(done.withLock { $0 })") }
            }

            try await drain()
            // 1. Add the new credentials beside the old ones.
            try TestEnvironment.replace(p.executeTokenFile, with: "\(gateway1)\n\(gateway2)\n")
            try TestEnvironment.replace(p.registryRunnerTokensFile, with: "\(runner1)\n\(runner2)\n")
            try TestEnvironment.replace(p.scopedKeysFile, with: "\(key1)\n\(key2)\n")
            try await drain()
            // 2. Roll out: the gateway sends the new token and mints with the new key; the runner sends its new token.
            gatewayToken.withLock { $0 = gateway2 }
            try TestEnvironment.replace(p.runnerRegistryTokenFile, with: "\(runner2)\n")
            try TestEnvironment.replace(p.scopedKeysFile, with: "\(key2)\n\(key1)\n")
            try await drain()
            // 3. Remove the old ones.
            try TestEnvironment.replace(p.executeTokenFile, with: "\(gateway2)\n")
            try TestEnvironment.replace(p.registryRunnerTokensFile, with: "\(runner2)\n")
            try TestEnvironment.replace(p.scopedKeysFile, with: "\(key2)\n")
            try await drain()
            stop.withLock { $0 = true }
            await load.value

            let total = done.withLock { $0.reduce(0, +) }
            #expect(total >= Self.workers * 12, "\(total) requests")
            #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.count }) of \(total) failed: \(failures.withLock { $0.prefix(3) })")

            // The old credentials no longer work.
            let request = try p.request(tenant: "t1", install: install, contentHash: hash, extensionName: "com.acme.caps",
                                        commands: commands, grants: ["secrets.get", "storage.kv"])
            #expect(try await p.execute(request, token: gateway1).status == 401)
            #expect(try await p.execute(request, token: gateway2).status == 200)
            let scoped = try p.scopedToken(tenant: "t1", install: install)
            let oldRunner = try await p.call("GET", p.registryURL + "/v1/internal/secrets/api_key", token: scoped,
                                             headers: [("x-alga-service-token", runner1)])
            #expect(oldRunner.status == 401 && oldRunner.errorCode == "unauthorized", "\(oldRunner)")
            let noRunner = try await p.call("GET", p.registryURL + "/v1/internal/secrets/api_key", token: scoped)
            #expect(noRunner.status == 401, "a scoped token alone is not enough: \(noRunner)")
            let newRunner = try await p.call("GET", p.registryURL + "/v1/internal/secrets/api_key", token: scoped,
                                             headers: [("x-alga-service-token", runner2)])
            #expect(newRunner.status == 200 && newRunner.text == "v")
            let oldKeys = try TestEnvironment.directory("old-keys")
            defer { try? FileManager.default.removeItem(atPath: oldKeys) }
            try TestEnvironment.replace(oldKeys + "/keys", with: "\(key1)\n")
            let stale = try p.request(tenant: "t1", install: install, contentHash: hash, extensionName: "com.acme.caps",
                                      commands: ["secret api_key"], grants: ["secrets.get"], keys: ScopedTokenKeys(path: oldKeys + "/keys"))
            let (_, refused) = try await p.execute(stale, token: gateway2)
            #expect(Platform.lines(refused).first?.hasPrefix("secret unavailable | secrets.get: unavailable: registry answered 401 scoped_token_invalid") == true,
                    "\(Platform.lines(refused))")
        }
    }
}
