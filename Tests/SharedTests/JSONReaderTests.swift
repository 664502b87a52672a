import TestSupport
import Testing
@testable import Shared

/// Hostile and malformed inputs, each with the exact error the reader must give.
@Suite(.ownThread) struct JSONReaderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: [UInt8]
        let message: String
        let reason: JSONError.Reason
        init(_ input: String, _ reason: JSONError.Reason, _ message: String) {
            self.input = Array(input.utf8)
            self.reason = reason
            self.message = message
        }
        init(bytes: [UInt8], _ reason: JSONError.Reason, _ message: String) {
            self.input = bytes
            self.reason = reason
            self.message = message
        }
        var testDescription: String { String(decoding: input.prefix(40), as: UTF8.self) }
    }

    static let malformed: [Case] = [
        Case("", .unexpectedEnd, "$: expected a value, found end of input (at byte 0)"),
        Case("   ", .unexpectedEnd, "$: expected a value, found end of input (at byte 3)"),
        Case("{", .unexpectedEnd, "$: expected a member name or '}', found end of input (at byte 1)"),
        Case("[1,", .unexpectedEnd, "$[1]: expected a value, found end of input (at byte 3)"),
        Case(#"{"a":1,}"#, .syntax, "$.a: expected a member name, found '}' (at byte 7)"),
        Case("[1,]", .syntax, "$[1]: expected a value, found ']' (at byte 3)"),
        Case("[1 2]", .syntax, "$[0]: expected ',' or ']' after an element, found number (at byte 3)"),
        Case(#"{"a" 1}"#, .syntax, "$.a: expected ':' after the member name, found number (at byte 5)"),
        Case("{a:1}", .syntax, "$: expected a member name, found 'a' (at byte 1)"),
        Case("{'a':1}", .syntax, "$: expected a member name, found ''' (at byte 1)"),
        Case(#"{"a":1}x"#, .trailingData, "$: unexpected data after the top-level value (at byte 7)"),
        Case("1 2", .trailingData, "$: unexpected data after the top-level value (at byte 2)"),
        Case("[] []", .trailingData, "$: unexpected data after the top-level value (at byte 3)"),
        Case(#"{"a":1,"a":2}"#, .duplicateKey, "$.a: duplicate member name (at byte 7)"),
        Case(#"{"a":1,"\u0061":2}"#, .duplicateKey, "$.a: duplicate member name (at byte 7)"),
        Case(#"{"x":{"b":[{"k":1,"k":1}]}}"#, .duplicateKey, "$.x.b[0].k: duplicate member name (at byte 18)"),
        Case(bytes: [0xEF, 0xBB, 0xBF] + Array("{}".utf8), .byteOrderMark, "$: byte order mark is not allowed (at byte 0)"),
        Case(bytes: Array(#"["a"#.utf8) + [0xFF] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 byte 0xFF in string (at byte 3)"),
        Case(bytes: Array(#"[""#.utf8) + [0xC0, 0xAF] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 byte 0xC0 in string (at byte 2)"),  // overlong '/'
        Case(bytes: Array(#"[""#.utf8) + [0xE0, 0x80, 0xAF] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 sequence in string (byte 0x80) (at byte 3)"),  // overlong 3-byte
        Case(bytes: Array(#"[""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 sequence in string (byte 0xA0) (at byte 3)"),  // encoded surrogate U+D800
        Case(bytes: Array(#"[""#.utf8) + [0xF4, 0x90, 0x80, 0x80] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 sequence in string (byte 0x90) (at byte 3)"),  // above U+10FFFF
        Case(bytes: Array(#"[""#.utf8) + [0xE2, 0x82], .invalidUTF8, "$[0]: truncated UTF-8 sequence in string (at byte 2)"),
        Case(bytes: Array(#"["é"#.utf8) + [0x41, 0x80] + Array(#""]"#.utf8), .invalidUTF8,
             "$[0]: invalid UTF-8 byte 0x80 in string (at byte 5)"),  // stray continuation byte
        Case(bytes: [0x5B, 0xC3, 0xA9, 0x5D], .syntax, "$[0]: expected a value, found byte 0xC3 (at byte 1)"),
        Case("[\"a\nb\"]", .controlCharacter, "$[0]: control character U+000A must be escaped in a string (at byte 3)"),
        Case("[\"\u{1}\"]", .controlCharacter, "$[0]: control character U+0001 must be escaped in a string (at byte 2)"),
        Case(#"["\x"]"#, .invalidEscape, #"$[0]: invalid escape '\x' in string (at byte 2)"#),
        Case(#"["\u12G4"]"#, .invalidEscape, #"$[0]: \u must be followed by four hexadecimal digits (at byte 2)"#),
        Case(#"["\uD800"]"#, .loneSurrogate,
             #"$[0]: high surrogate \uD800 is not followed by a low surrogate (at byte 2)"#),
        Case(#"["\uD800\u0041"]"#, .loneSurrogate,
             #"$[0]: high surrogate \uD800 is not followed by a low surrogate (at byte 2)"#),
        Case(#"["\uDC00"]"#, .loneSurrogate, #"$[0]: lone low surrogate \uDC00 (at byte 2)"#),
        Case(#"["abc"#, .unexpectedEnd, "$[0]: unterminated string (at byte 5)"),
        Case("[01]", .invalidNumber, "$[0]: invalid number: leading zeros are not allowed (at byte 1)"),
        Case("[-]", .invalidNumber, "$[0]: invalid number: expected a digit after '-' (at byte 2)"),
        Case("[1.]", .invalidNumber, "$[0]: invalid number: expected a digit after '.' (at byte 3)"),
        Case("[.5]", .syntax, "$[0]: expected a value, found '.' (at byte 1)"),
        Case("[1e]", .invalidNumber, "$[0]: invalid number: expected a digit in the exponent (at byte 3)"),
        Case("[+1]", .syntax, "$[0]: expected a value, found '+' (at byte 1)"),
        Case("[NaN]", .syntax, "$[0]: expected a value, found 'N' (at byte 1)"),
        Case("[Infinity]", .syntax, "$[0]: expected a value, found 'I' (at byte 1)"),
        Case("[0x10]", .syntax, "$[0]: expected ',' or ']' after an element, found 'x' (at byte 2)"),
        Case("[" + String(repeating: "9", count: 101) + "]", .numberTooLong,
             "$[0]: number literal longer than 100 characters (at byte 1)"),
        Case("[tru]", .syntax, "$[0]: invalid literal, expected 'true' (at byte 1)"),
        Case("[nul", .unexpectedEnd, "$[0]: invalid literal, expected 'null' (at byte 1)"),
        Case("[True]", .syntax, "$[0]: expected a value, found 'T' (at byte 1)"),
        Case(String(repeating: "[", count: 65) + String(repeating: "]", count: 65), .tooDeep,
             "$" + String(repeating: "[0]", count: 64) + ": nesting deeper than 64 levels (at byte 64)"),
        Case(#"{"a b":{"c":x}}"#, .syntax, #"$["a b"].c: expected a value, found 'x' (at byte 12)"#),
    ]

    @Test(arguments: malformed)
    func testParse_whenInputIsMalformed(_ c: Case) {
        #expect {
            _ = try JSONValue.parse(c.input)
        } throws: { error in
            guard let e = JSONError.from(error), let app = error as? AppError else { return false }
            #expect(e.description == c.message)
            #expect(e.reason == c.reason)
            #expect(app.code == .badRequest && app.httpStatus == 400 && app.message == c.message)
            return true
        }
    }

    @Test func testScanString_whenSpecialByteAtEveryPositionOfAWord_isSeen() throws {
        for position in 0..<17 {
            let before = String(repeating: "a", count: position), after = String(repeating: "b", count: 20 - position)
            #expect(try JSONValue.parse("\"\(before)\\n\(after)\"") == .string(before + "\n" + after))
            #expect(try JSONValue.parse("\"\(before)é~\u{7F}\(after)\"") == .string(before + "é~\u{7F}" + after))
            for control: UInt8 in [0x00, 0x01, 0x09, 0x0A, 0x1F] {
                let bytes = Array("\"\(before)".utf8) + [control] + Array("\(after)\"".utf8)
                let e = try #require(JSONError.from(#require(throws: AppError.self) { _ = try JSONValue.parse(bytes) }))
                #expect(e.reason == .controlCharacter && e.offset == 1 + position, "position \(position)")
            }
            let invalid = Array("\"\(before)".utf8) + [0xFF] + Array("\(after)\"".utf8)
            let e = try #require(JSONError.from(#require(throws: AppError.self) { _ = try JSONValue.parse(invalid) }))
            #expect(e.reason == .invalidUTF8 && e.offset == 1 + position)
        }
    }

    @Test func testParse_whenDeeplyNestedBeyondAnyLimit_failsWithoutRecursing() throws {
        let depth = 500_000  // 1,000,000 bytes: just under the default size limit
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let e = try #require(JSONError.from(#require(throws: AppError.self) { _ = try JSONValue.parse(text) }))
        #expect(e.reason == .tooDeep && e.offset == 64)
    }

    @Test func testParse_whenLargerThanLimit_throws413() throws {
        let error = try #require(throws: AppError.self) {
            _ = try JSONValue.parse("[1,2,3]", limits: JSONLimits(maxBytes: 6))
        }
        #expect(error.code == .payloadTooLarge && error.httpStatus == 413)
        #expect(error.message == "$: document of 7 bytes exceeds the limit of 6 bytes (at byte 0)")
    }

    @Test func testParse_whenObjectIsLarge_detectsDuplicateByHashing() throws {
        let members = (0..<1000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try JSONValue.parse("{\(members)}")
        #expect(value.objectValue?.count == 1000)
        let e = try #require(JSONError.from(#require(throws: AppError.self) {
            _ = try JSONValue.parse("{\(members),\"k500\":1}")
        }))
        #expect(e.reason == .duplicateKey && e.path == "$.k500")
    }

    @Test func testParse_whenKeyIsLongOrOdd_pathIsEscapedAndTruncated() throws {
        let long = String(repeating: "é", count: 40)  // 80 bytes
        let e = try #require(JSONError.from(#require(throws: AppError.self) {
            _ = try JSONValue.parse("{\"\(long)\":[x]}")
        }))
        #expect(e.path == "$[\"" + String(repeating: "é", count: 32) + "…\"][0]")
        let q = try #require(JSONError.from(#require(throws: AppError.self) {
            _ = try JSONValue.parse(#"{"a\"b":x}"#)
        }))
        #expect(q.path == #"$["a\"b"]"#)
    }

    @Test func testReadInt64_whenOutOfRangeOrFractional() throws {
        #expect(try JSONReader.read("9223372036854775807") { try $0.readInt64() } == Int64.max)
        #expect(try JSONReader.read("-9223372036854775808") { try $0.readInt64() } == Int64.min)
        #expect(try JSONReader.read("18446744073709551615") { try $0.readUInt64() } == UInt64.max)
        #expect(try JSONReader.read("-0") { try $0.readUInt64() } == 0)
        let cases: [(String, Bool, String)] = [
            ("9223372036854775808", true, "$: integer is out of range for a 64-bit signed integer (at byte 0)"),
            ("-9223372036854775809", true, "$: integer is out of range for a 64-bit signed integer (at byte 0)"),
            ("18446744073709551616", false, "$: integer is out of range for a 64-bit integer (at byte 0)"),
            ("-1", false, "$: expected a non-negative integer (at byte 0)"),
            ("1.0", true, "$: expected an integer, found a number with a fraction or exponent (at byte 0)"),
            ("1e3", false, "$: expected an integer, found a number with a fraction or exponent (at byte 0)"),
            (#""7""#, true, "$: expected number, found string (at byte 0)"),
        ]
        for (text, signed, message) in cases {
            let error = try #require(throws: AppError.self) {
                _ = signed ? try JSONReader.read(text) { try $0.readInt64() }
                           : Int64(try JSONReader.read(text) { try $0.readUInt64() })
            }
            #expect(error.message == message, "\(text)")
        }
    }

    @Test func testKeyMatching_whenKeyHasEscapes() throws {
        let matched = try JSONReader.read(#"{"st\u0061tus":1,"other":[{"x":null}]}"#) { r -> [String] in
            var seen = [String]()
            try r.beginObject()
            while let key = try r.nextMember() {
                switch key {
                case "status": seen.append("status:\(try r.readInt64())")
                default:
                    seen.append("skipped:\(key.string)")
                    try r.skipValue()
                }
            }
            return seen
        }
        #expect(matched == ["status:1", "skipped:other"])
    }

    @Test func testSkipValue_whenSkippedValueIsInvalid_stillFails() throws {
        let e = try #require(JSONError.from(#require(throws: AppError.self) {
            try JSONReader.read(#"{"unknown":{"a":1,"a":2}}"#) { r in
                try r.beginObject()
                while try r.nextMember() != nil { try r.skipValue() }
            }
        }))
        #expect(e.reason == .duplicateKey && e.path == "$.unknown.a")
    }
}
