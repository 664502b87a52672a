import Foundation
import Shared
import TestSupport
import Testing

/// Every error code the bundle library declares is documented in one of its three documents.
@Suite(.ownThread) struct BundleDocsTests {
    @Test func testDocs_whenCodesDeclared_documentEachOne() throws {
        let source = try String(contentsOfFile: RepositoryPaths.root + "/Libraries/Bundle/ErrorCode+Bundle.swift",
                                encoding: .utf8)
        let codes = source.components(separatedBy: "ErrorCode(\"").dropFirst().compactMap { $0.split(separator: "\"").first }
        #expect(codes.count >= 60)
        let docs = try ["bundle-format.md", "manifest.md", "signing.md"].map {
            try String(contentsOfFile: RepositoryPaths.docs($0), encoding: .utf8)
        }
        for code in codes {
            #expect(docs.contains { $0.contains("`\(code)`") }, "error code \(code) is not documented")
        }
        let archiveDoc = docs[0]
        for code in archiveErrorCodes { #expect(archiveDoc.contains("`\(code.rawValue)`")) }
    }
}
