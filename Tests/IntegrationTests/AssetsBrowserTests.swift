import Foundation
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// An ES-module page served by the real assets-svc loads its scripts and stylesheet inside a
    /// sandboxed iframe (`allow-scripts` only, so its origin is the opaque "null" and its module
    /// scripts are fetched with CORS) in headless Chromium; the CSP blocks its inline script, and
    /// a host origin not in `EXT_UI_FRAME_ANCESTORS` cannot frame it.
    /// Driver: Tests/AssetsTests/Browser/sandboxed_module_page.py (selenium in .deps/venv).
    @Suite(.ownThread) struct AssetsBrowserTests {
        static let files: [String: [UInt8]] = [
            "ui/index.html": Array("""
                <!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="./style.css">
                <script type="module" src="./main.js"></script></head>
                <body><p id="status">loading</p><script>parent.postMessage({ext: 'inline'}, '*');</script></body></html>
                """.utf8),
            "ui/main.js": Array("""
                import { greet } from './lib/greet.js';
                const status = document.getElementById('status');
                status.textContent = greet('module');
                parent.postMessage({ext: 'loaded', text: status.textContent, origin: self.origin,
                                    color: getComputedStyle(status).color}, '*');
                """.utf8),
            "ui/lib/greet.js": Array("export function greet(name) { return 'hello ' + name; }\n".utf8),
            "ui/style.css": Array("#status { color: rgb(1, 2, 3); }\n".utf8),
        ]

        @Test func testSandboxedIframe_whenPageUsesESModules_loadsThemUnderTheStrictCSP() async throws {
            let hostPort = closedPort()
            var candidate = closedPort()
            while candidate == hostPort { candidate = closedPort() }
            let otherPort = candidate
            let stack = try await AssetsStack.start(assetsEnv: ["EXT_UI_FRAME_ANCESTORS": "http://127.0.0.1:\(hostPort)"])
            let hash = try await stack.publish("com.acme.browser", "1.0.0", files: Self.files)
            // "localhost" for the assets origin: another site than the host page, as in production.
            let entry = "http://localhost:\(stack.assets.port)" + AssetsStack.url("com.acme.browser", hash, "index.html")
            let root = RegistryBlackBox.root
            let output = try await blocking { () -> (status: Int32, text: String) in
                let p = Process()
                p.executableURL = URL(fileURLWithPath: root + "/.deps/venv/bin/python")
                p.arguments = [root + "/Tests/AssetsTests/Browser/sandboxed_module_page.py", entry, String(hostPort), String(otherPort)]
                p.environment = ["PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", "HOME": stack.dir]
                let out = Pipe()
                p.standardOutput = out
                p.standardError = out
                try p.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                return (p.terminationStatus, String(decoding: data, as: UTF8.self))
            }
            #expect(output.status == 0, "driver failed:\n\(output.text)")
            let line = output.text.split(separator: "\n").last.map(String.init) ?? ""
            let result = try #require((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any], "\(output.text)")
            let allowed = (result["allowed"] as? [[String: Any]]) ?? []
            let loaded = allowed.first { $0["ext"] as? String == "loaded" }
            #expect(loaded?["text"] as? String == "hello module", "module graph ran: \(allowed) \(result["allowed_log"] ?? "")")
            #expect(loaded?["origin"] as? String == "null", "sandboxed without allow-same-origin")
            #expect(loaded?["color"] as? String == "rgb(1, 2, 3)", "the stylesheet applied")
            #expect(!allowed.contains { $0["ext"] as? String == "inline" }, "the CSP blocks inline script")
            let allowedLog = (result["allowed_log"] as? [String]) ?? []
            #expect(allowedLog.contains { $0.contains("inline script") }, "Chromium reported the refusal: \(allowedLog)")
            let other = (result["other"] as? [[String: Any]]) ?? []
            #expect(other.isEmpty, "a host not in frame-ancestors cannot frame the UI: \(other)")
            let otherLog = (result["other_log"] as? [String]) ?? []
            #expect(otherLog.contains { $0.contains("frame-ancestors") }, "\(otherLog)")
            // The module and its import were fetched from the cache (one fetch, then hits).
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"ok\"}") == 1)
            #expect(try stack.sample("assets_cache_hits_total") ?? 0 >= 3)
            _ = try await stack.stop()
        }
    }
}
