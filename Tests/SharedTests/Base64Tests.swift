import Foundation
import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct Base64Tests {
    @Test func testEncode_whenRFC4648Vectors() throws {
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                       "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(try Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func testRoundTrip_whenRandomBytes_matchesFoundation() throws {
        var rng = JSONSeededGenerator(seed: 5)
        for length in Array(0...40) + [3071, 3072, 3073, 10_000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let ours = Base64.encode(bytes)
            #expect(ours == Data(bytes).base64EncodedString(), "length \(length)")
            #expect(try Base64.decode(ours) == bytes, "length \(length)")
            var appended: [UInt8] = [0x41]
            bytes.withUnsafeBytes { Base64.encode($0, appendingTo: &appended) }
            #expect(appended == [0x41] + Array(ours.utf8))
        }
    }

    @Test func testDecode_whenInvalid_namesOffsetAndReason() {
        let cases: [(String, Base64Error)] = [
            ("Zg=", Base64Error(offset: 3, reason: "length 3 is not a multiple of 4")),
            ("Zm9v Zg==", Base64Error(offset: 9, reason: "length 9 is not a multiple of 4")),
            ("Zm9vZ\n9v", Base64Error(offset: 5, reason: "invalid character byte 10")),
            ("Zm-v", Base64Error(offset: 2, reason: "invalid character '-'")),
            ("Zm_v", Base64Error(offset: 2, reason: "invalid character '_'")),
            ("Z===", Base64Error(offset: 1, reason: "padding '=' before the end")),
            ("Zg==Zg==", Base64Error(offset: 2, reason: "padding '=' before the end")),
            ("Zh==", Base64Error(offset: 1, reason: "unused bits before padding are not zero")),
            ("Zm9=", Base64Error(offset: 2, reason: "unused bits before padding are not zero")),
            ("=Zg=", Base64Error(offset: 0, reason: "padding '=' before the end")),
            ("Zm9vYmFy\u{e9}==", Base64Error(offset: 8, reason: "invalid character byte 195")),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text)") { _ = try Base64.decode(text) }
        }
    }

    @Test func testDecode_whenEveryNonCanonicalPaddingVariant_isRefused() {
        // Exactly one of the 64 last characters is canonical for one byte of padding… 16 for "x=", 4 for "xy==".
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let oneByte = alphabet.filter { (try? Base64.decode("Z\($0)==")) != nil }
        let twoBytes = alphabet.filter { (try? Base64.decode("Zm\($0)=")) != nil }
        #expect(oneByte.count == 4 && twoBytes.count == 16)
    }
}
