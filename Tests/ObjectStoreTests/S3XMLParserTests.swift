@testable import ObjectStore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct S3XMLParserTests {
    static func parse(_ text: String) throws -> S3XMLElement { try S3XMLParser.parse(Array(text.utf8)) }

    @Test func testParse_whenListResultHasEntitiesAndNamespaces() throws {
        let root = try Self.parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a comment -->
            <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">
              <s3:Name>b</s3:Name><IsTruncated>true</IsTruncated>
              <NextContinuationToken>a&amp;b&lt;c&gt;&quot;&apos;&#65;&#x42;</NextContinuationToken>
              <Contents><Key>k1</Key><Size>10</Size><ETag>&#34;e1&#34;</ETag></Contents>
              <Contents><Key><![CDATA[k<2>]]></Key><Size>0</Size></Contents>
              <Empty/>
            </s3:ListBucketResult>
            """)
        #expect(root.name == "ListBucketResult")
        #expect(root["Name"] == "b")
        #expect(root["NextContinuationToken"] == "a&b<c>\"'AB")
        #expect(root.children("Contents").map { $0["Key"] } == ["k1", "k<2>"])
        #expect(root.child("Empty")?.text == "")
        let page = try S3ListObjectsPage(xml: Array("""
            <ListBucketResult><IsTruncated>false</IsTruncated>\
            <Contents><Key>k1</Key><Size>10</Size><ETag>&quot;e1&quot;</ETag></Contents></ListBucketResult>
            """.utf8))
        #expect(page == S3ListObjectsPage(objects: [ObjectInfo(key: "k1", size: 10, etag: "e1")], isTruncated: false,
                                          nextContinuationToken: nil))
    }

    @Test func testParse_whenErrorDocumentHasCDATA() throws {
        let failure = S3ErrorResponse(status: 403, body: Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>SignatureDoesNotMatch</Code><Message><![CDATA[no match]]></Message></Error>
            """.utf8))
        #expect(failure.code == "SignatureDoesNotMatch")
        #expect(failure.appError(operation: "get", key: "k").code == .objectStoreDenied)
        #expect(S3ErrorResponse(status: 503, body: Array("not xml".utf8)).code == "")
        #expect(S3ErrorResponse(status: 503, body: []).appError(operation: "get", key: "k").code == .objectStoreUnavailable)
    }

    @Test func testReject_whenDocumentIsMalformedOrHostile() {
        let bad = [
            "",
            "<a>",
            "<a></b>",
            "<a>x</a><b/>",
            "<a>&unknown;</a>",
            "<a>&#0;</a>",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
            "<a attr=\"unterminated></a>",
            "<a><![CDATA[never closed</a>",
            String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40),
        ]
        for text in bad {
            #expect(throws: AppError.self, "\(text.prefix(40))") { _ = try Self.parse(text) }
        }
        #expect(throws: AppError.self) {
            _ = try S3ListObjectsPage(xml: Array("<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>".utf8))
        }
        #expect(throws: AppError.self) { _ = try S3ListObjectsPage(xml: Array("<Error/>".utf8)) }
    }
}
