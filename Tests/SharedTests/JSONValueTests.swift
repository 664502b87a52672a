import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct JSONValueTests {
    @Test func testRoundTrip_whenValueHasEveryKind() throws {
        let value: JSONValue = [
            "null": nil, "t": true, "f": false, "int": -42, "double": 0.5,
            "string": "quote \" backslash \\ slash / nul \u{0} tab \t newline \n bell \u{7} é 😀 \u{2028}",
            "array": [1, [2, [3]], [:], []], "": "empty name",
        ]
        let text = value.jsonText
        #expect(try JSONValue.parse(text) == value)
        #expect(text.contains(#""string":"quote \" backslash \\ slash / nul \u0000 tab \t newline \n bell \u0007 é 😀 "#))
    }

    @Test func testWrite_whenObjectHasOrder_keepsInsertionOrder() {
        var object = JSONObject()
        object["b"] = 1
        object["a"] = 2
        object["c"] = 3
        object["a"] = nil
        #expect(JSONValue.object(object).jsonText == #"{"b":1,"c":3}"#)
        #expect(JSONValue.object(object) == ["c": 3, "b": 1])
    }

    @Test func testObject_whenNamesAreCanonicallyEquivalent_keepsBothByBytes() throws {
        let composed = "\u{E9}", decomposed = "e\u{301}"
        let filler = (0..<20).map { #","k\#($0)":\#($0)"# }.joined()
        let text = #"{""# + composed + #"":1,""# + decomposed + #"":2"# + filler + "}"
        let value = try JSONValue.parse(text)
        #expect(value.objectValue?.count == 22)
        #expect(value[composed] == 1 && value[decomposed] == 2)
        #expect(try JSONValue.parse(text) == value)
        let swapped = #"{""# + composed + #"":2,""# + decomposed + #"":1"# + filler + "}"
        #expect(try JSONValue.parse(swapped) != value)
    }

    @Test func testNumbers_whenBeyondDoublePrecision_keepLiteral() throws {
        let text = "[18446744073709551615,-9223372036854775808,123456789012345678901234567890,0.1,1e400,-0,1E+2]"
        let value = try JSONValue.parse(text)
        #expect(value.jsonText == text)
        #expect(value[0]?.numberValue?.uint64Value == UInt64.max)
        #expect(value[0]?.numberValue?.int64Value == nil)
        #expect(value[1]?.numberValue?.int64Value == Int64.min)
        #expect(value[2]?.numberValue?.int64Value == nil)
        #expect(value[3]?.numberValue?.doubleValue == 0.1)
        #expect(value[4]?.numberValue?.doubleValue == .infinity)
        #expect(value[5]?.numberValue == JSONNumber(0))
        #expect(value[6]?.numberValue?.int64Value == 100)
    }

    @Test func testNumberLiteral_whenInvalid_isNil() {
        #expect(JSONNumber(literal: "12.5e-3")?.literal == "12.5e-3")
        for bad in ["", "01", "1.", ".5", "+1", "1e", "NaN", " 1", "1 ", "0x1", "--1"] {
            #expect(JSONNumber(literal: bad) == nil, "\(bad)")
        }
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(3.0)?.literal == "3")
        #expect(JSONNumber(1e300)?.literal == "1e+300")
    }

    @Test func testParse_whenWhitespaceAndEscapesVary_acceptsRFCGrammar() throws {
        let text = " \t\r\n{ \"a\\/b\" : [ \"\\ud83d\\ude00\\u00e9\\b\\f\\n\\r\\t\" , -0.0e-0 ] } \n"
        let value = try JSONValue.parse(text)
        #expect(value["a/b"]?[0]?.stringValue == "😀é\u{8}\u{C}\n\r\t")
        #expect(value["a/b"]?[1]?.numberValue?.literal == "-0.0e-0")
    }

    @Test func testParse_whenScalarAtTopLevel_isAccepted() throws {
        #expect(try JSONValue.parse("\"x\"") == "x")
        #expect(try JSONValue.parse(" 7 ") == 7)
        #expect(try JSONValue.parse("null") == nil)
    }

    @Test func testWriter_whenEscapableByteAtEveryPositionOfAWord_escapesIt() throws {
        let escapes: [(String, String)] = [("\"", #"\""#), ("\\", #"\\"#), ("\n", #"\n"#), ("\u{1}", #"\u0001"#),
                                           ("\u{1F}", #"\u001f"#), ("é", "é"), ("\u{7F}", "\u{7F}"), ("😀", "😀")]
        for position in 0..<17 {
            let before = String(repeating: "a", count: position), after = String(repeating: "b", count: 20 - position)
            for (raw, escaped) in escapes {
                let value = JSONValue.string(before + raw + after)
                #expect(value.jsonText == "\"" + before + escaped + after + "\"", "position \(position) \(escaped)")
                #expect(try JSONValue.parse(value.encoded()) == value)
            }
        }
    }

    @Test func testWriter_whenMixingCalls_placesCommas() {
        var w = JSONWriter()
        w.beginObject()
        w.key("a")
        w.beginArray()
        w.int(1)
        w.uint(UInt64.max)
        w.int(Int64.min)
        w.null()
        w.bool(false)
        w.double(-2.5)
        w.beginObject()
        w.endObject()
        w.endArray()
        w.key("b")
        w.base64([0xFF, 0x00])
        w.key("c")
        w.rawValue(Array("[1]".utf8))
        w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self)
            == #"{"a":[1,18446744073709551615,-9223372036854775808,null,false,-2.5,{}],"b":"/wA=","c":[1]}"#)
    }
}
