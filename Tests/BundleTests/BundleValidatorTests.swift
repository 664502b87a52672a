import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct BundleValidatorTests {
    static let manifest = """
        {"name":"com.acme.demo","publisher":"acme","version":"1.0.0","runtime":"wasm@1",
         "api":{"endpoints":[{"method":"GET","path":"/","handler":"root"}]},
         "ui":{"type":"iframe","entry":"ui/index.html"},
         "precompiled":{"x86_64-unknown-linux-gnu":"precompiled/x86_64-unknown-linux-gnu.cwasm"},
         "assets":["ui/**/*.js"]}
        """

    static func scan(_ files: [String: String]) throws -> BundleScan {
        var b = ArchiveBuilder()
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { b.file(path, contents) }
        return try BundleScanner().scan(bytes: b.bundle())
    }

    static func codeAndIssues(_ scan: BundleScan) -> (ErrorCode?, [String]) {
        do {
            _ = try BundleValidator.validate(scan)
            return (nil, [])
        } catch {
            return (error.code, error.issues.map(\.description))
        }
    }

    @Test func testValidate_whenBundleHasEverythingTheManifestNames_returnsManifest() throws {
        let scan = try Self.scan([
            "manifest.json": Self.manifest, "dist/main.wasm": "\0asm", "ui/index.html": "<p>",
            "ui/js/app.js": "1", "precompiled/x86_64-unknown-linux-gnu.cwasm": "x",
        ])
        #expect(try BundleValidator.validate(scan).name == "com.acme.demo")
    }

    @Test func testValidate_whenFilesAreMissing_namesEachManifestField() throws {
        let scan = try Self.scan(["manifest.json": Self.manifest, "ui/style.css": "x"])
        let (code, issues) = Self.codeAndIssues(scan)
        #expect(code == .bundleManifestMismatch)
        #expect(issues == [
            "api: requires dist/main.wasm in the bundle",
            "ui.entry: file ui/index.html is not in the bundle",
            "precompiled.x86_64-unknown-linux-gnu: file precompiled/x86_64-unknown-linux-gnu.cwasm is not in the bundle",
            "assets[0]: matches no file in the bundle",
        ])
    }

    @Test func testValidate_whenManifestMissingOrInvalid_usesManifestCodes() throws {
        #expect(Self.codeAndIssues(try Self.scan(["ui/index.html": "x"])).0 == .manifestMissing)
        let (code, issues) = Self.codeAndIssues(try Self.scan(["manifest.json": #"{"name":"com.acme.demo"}"#]))
        #expect(code == .manifestInvalid)
        #expect(issues.contains("publisher: required field missing"))
    }

    @Test func testValidate_whenManifestOverCap_reportsSize() throws {
        let big = "{\"name\":\"" + String(repeating: "a", count: Int(BundleScan.maxManifestBytes)) + "\"}"
        let scan = try Self.scan(["manifest.json": big])
        #expect(scan.manifestBytes == nil)
        let (code, issues) = Self.codeAndIssues(scan)
        #expect(code == .manifestInvalid)
        #expect(issues.first?.contains("larger than") == true)
    }

    @Test func testValidate_whenEventsWithoutWasm_namesEvents() throws {
        let m = #"{"name":"a.b","publisher":"p","version":"1.0.0","runtime":"wasm@1","capabilities":["events.subscribe"],"events":[{"topic":"a.b","handler":"h"}]}"#
        let (code, issues) = Self.codeAndIssues(try Self.scan(["manifest.json": m]))
        #expect(code == .bundleManifestMismatch)
        #expect(issues == ["events: requires dist/main.wasm in the bundle"])
    }
}
