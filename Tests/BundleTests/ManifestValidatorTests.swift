import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct ManifestValidatorTests {
    static func issues(_ text: String) -> [String] {
        do {
            _ = try ManifestValidator.parse(Array(text.utf8))
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test func testParse_whenFullCorpusManifest_buildsTheModel() throws {
        let bytes = try #require(FileManager.default.contents(atPath: RepositoryPaths.manifestCorpus + "/valid/full.json"))
        let m = try ManifestValidator.parse(Array(bytes))
        #expect(m.name == "com.acme.invoices" && m.publisher == "acme" && m.runtime == "wasm@1")
        #expect(m.version == SemanticVersion("1.0.0"))
        #expect(m.capabilities.count == 7 && m.capabilities.contains(.eventsSubscribe))
        #expect(m.endpoints.count == 5)
        #expect(m.endpoints[4].method == .patch)
        #expect(m.endpoints[4].path.parameterNames == ["id", "line_no"])
        #expect(m.endpoints[4].path.description == "/invoices/:id/lines/:line_no")
        #expect(m.ui == ManifestUI(entry: "ui/index.html", appMenuLabel: "Invoices", clientPortalMenuLabel: "My invoices"))
        #expect(m.events == [ManifestEvent(topic: "ticket.created", handler: "onTicket"),
                             ManifestEvent(topic: "invoice.paid", handler: "onPaid")])
        #expect(m.precompiled["x86_64-unknown-linux-gnu"] == "precompiled/x86_64-unknown-linux-gnu.cwasm")
        #expect(m.assets.count == 3)
        #expect(m.needsHandlerModule)
    }

    @Test func testParse_whenKeyIsDuplicated_namesTheKey() {
        let text = #"{"name":"a.b","publisher":"p","version":"1.0.0","runtime":"wasm@1","api":{"endpoints":[{"method":"GET","path":"/","handler":"h","method":"POST"}]}}"#
        #expect(Self.issues(text) == ["api.endpoints[0].method: duplicate key"])
    }

    @Test func testParse_whenNotJSONOrNotObject_reportsTheDocument() {
        #expect(Self.issues("{\"name\": ") == ["name: unexpected end of document"])
        #expect(Self.issues("[1]") == ["$: must be an object"])
        #expect(Self.issues("{\"a\":1,}") == ["$: expected a member name"])
        #expect(Self.issues("{\"name\":\"\\ud800\"}") == ["name: unpaired surrogate escape"])
        #expect(Self.issues("\u{feff}{}").first == "$: unexpected character")
    }

    @Test func testParse_whenTooLarge_refusesBeforeParsing() {
        let huge = [UInt8](repeating: 0x20, count: ManifestValidator.maxBytes + 1)
        #expect(throws: ManifestValidationError.self) { try ManifestValidator.parse(huge) }
    }

    @Test func testAppError_whenInvalid_isManifestInvalidListingFields() throws {
        do {
            _ = try ManifestValidator.parse(Array(#"{"name":"X"}"#.utf8))
            Issue.record("accepted")
        } catch {
            let app = error.appError
            #expect(app.code == .manifestInvalid && app.httpStatus == 400)
            #expect(app.message.contains("name: must be a lowercase reverse-DNS name"))
            #expect(app.message.contains("runtime: required field missing"))
        }
    }

    @Test func testSemanticVersion_whenCompared_followsSemVerPrecedence() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                       "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.10.0", "2.0.0"]
        let versions = try ordered.map { try #require(SemanticVersion($0)) }
        #expect(versions == versions.sorted())
        #expect(versions.map(\.description) == ordered)
        #expect(SemanticVersion("1.0.0+b1") == SemanticVersion("1.0.0+b1"))
        #expect(!(SemanticVersion("1.0.0+b1")! < SemanticVersion("1.0.0+b2")!))
        for bad in ["1.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+", "v1.0.0", "1.0.0-a..b", "1.2.*"] {
            #expect(SemanticVersion(bad) == nil, "\(bad)")
        }
    }

    @Test func testPathTemplate_whenMatched_bindsParameters() {
        let t = EndpointPathTemplate(validated: "/invoices/:id/lines/:n")
        #expect(t.match(["invoices", "42", "lines", "7"]) == ["id": "42", "n": "7"])
        #expect(t.match(["invoices", "42", "lines"]) == nil)
        #expect(t.match(["invoices", "", "lines", "7"]) == nil)
        #expect(EndpointPathTemplate(validated: "/").match([]) == [:])
    }

    @Test func testAssetGlob_whenMatched_handlesStarsAndDoubleStar() {
        #expect(AssetGlob.matches("ui/**/*.js", "ui/app.js"))
        #expect(AssetGlob.matches("ui/**/*.js", "ui/a/b/c.js"))
        #expect(!AssetGlob.matches("ui/**/*.js", "ui/a/b/c.css"))
        #expect(AssetGlob.matches("ui/img/logo-?.png", "ui/img/logo-2.png"))
        #expect(!AssetGlob.matches("ui/img/logo-?.png", "ui/img/logo-22.png"))
        #expect(!AssetGlob.matches("ui/*.js", "ui/a/b.js"))
        #expect(AssetGlob.matches("ui/**", "ui/a/b.js"))
    }
}
