@testable import ObjectStore
import TestSupport
import Testing

@Suite(.ownThread) struct S3ObjectNameTests {
    @Test func testEncode_whenKeyHasReservedCharacters() {
        #expect(S3ObjectName.encode("bundles/sha256:ab.tar.zst") == "bundles/sha256~3Aab.tar.zst")
        #expect(S3ObjectName.encode("a-b_c.d") == "a-b_c.d")
        #expect(S3ObjectName.encode("~") == "~7E")
        #expect(S3ObjectName.encode("é") == "~C3~A9")
    }

    @Test func testDecode_whenRoundTripping() {
        for key in ["bundles/sha256:ab", "x", "a/b/c:d:e", "é/ü", "~tilde", "100%"] {
            #expect(S3ObjectName.decode(S3ObjectName.encode(key)) == key)
        }
    }

    @Test func testDecode_whenNameIsForeignOrNotCanonical() {
        #expect(S3ObjectName.decode("plain space") == nil)  // written by another tool
        #expect(S3ObjectName.decode("a~2Fb") == nil)  // "/" is never escaped
        #expect(S3ObjectName.decode("a~41") == nil)  // "A" is never escaped
        #expect(S3ObjectName.decode("a~2f") == nil)  // lowercase hex is not ours
        #expect(S3ObjectName.decode("a~2") == nil)
        #expect(S3ObjectName.decode("~FF") == nil)  // not UTF-8
    }

    @Test func testPrefix_whenKeyPrefixMapsToNamePrefix() {
        let keys = ["a", "a/", "a/b", "a:b", "ab", "a/b:c"]
        for key in keys {
            for prefix in keys {
                #expect(S3ObjectName.encode(key).hasPrefix(S3ObjectName.encode(prefix)) == key.hasPrefix(prefix),
                        "\(prefix) / \(key)")
            }
        }
    }

    @Test func testQuery_whenParametersNeedEncoding() {
        #expect(S3ObjectName.query([("prefix", "a/b~3A"), ("list-type", "2"), ("continuation-token", "x/y+z= ")])
            == "continuation-token=x/y%2Bz%3D%20&list-type=2&prefix=a/b~3A")
    }
}
