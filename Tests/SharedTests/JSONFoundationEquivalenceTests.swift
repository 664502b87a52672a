import Foundation
import TestSupport
import Testing
@testable import Shared

/// On valid input the reader must agree with Foundation's JSONSerialization, value for value.
@Suite(.ownThread) struct JSONFoundationEquivalenceTests {
    /// True when Foundation's tree `any` holds the same value as `value`.
    static func same(_ value: JSONValue, _ any: Any) -> Bool {
        switch value {
        case .null: return any is NSNull
        case .bool(let b):
            guard let n = any as? NSNumber, String(cString: n.objCType) == "c" || String(cString: n.objCType) == "B"
            else { return (any as? Bool) == b }
            return n.boolValue == b
        case .number(let n):
            // Foundation keeps long literals as NSDecimalNumber, whose doubleValue can be 1 ulp off
            // (ours is correctly rounded), so compare those as decimals.
            if let d = any as? NSDecimalNumber, let exact = Decimal(string: n.literal, locale: Locale(identifier: "en_US_POSIX")) {
                return d.decimalValue == exact
            }
            guard let f = any as? NSNumber else { return false }
            if n.isIntegerLiteral, let i = n.int64Value { return f.int64Value == i && f.doubleValue == Double(i) }
            return f.doubleValue == n.doubleValue
        case .string(let s): return (any as? String) == s
        case .array(let elements):
            guard let a = any as? [Any], a.count == elements.count else { return false }
            return zip(elements, a).allSatisfy { same($0, $1) }
        case .object(let object):
            guard let d = any as? [String: Any], d.count == object.count else { return false }
            return object.allSatisfy { key, member in d[key].map { same(member, $0) } ?? false }
        }
    }

    static func foundationParse(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func testParse_whenRandomValidDocument_matchesFoundation(seed: UInt64) throws {
        var random = JSONRandom(seed: seed)
        for i in 0..<400 {
            let value = random.value()
            let text = random.render(value)
            let ours = try JSONValue.parse(text)
            #expect(ours == value, "seed \(seed) #\(i): \(text)")
            let theirs = try #require(Self.foundationParse(Array(text.utf8)), "seed \(seed) #\(i): Foundation refused \(text)")
            #expect(Self.same(ours, theirs), "seed \(seed) #\(i): \(text)")
        }
    }

    @Test(arguments: [11, 12] as [UInt64])
    func testParse_whenFoundationWroteTheDocument_matches(seed: UInt64) throws {
        var random = JSONRandom(seed: seed)
        for i in 0..<300 {
            let value = random.value()
            let text = random.render(value)
            let tree = try #require(Self.foundationParse(Array(text.utf8)))
            let written = try JSONSerialization.data(withJSONObject: tree, options: [.fragmentsAllowed])
            let ours = try JSONValue.parse(Array(written))
            #expect(Self.same(ours, tree), "seed \(seed) #\(i): \(String(decoding: written, as: UTF8.self))")
        }
    }

    @Test(arguments: [21, 22] as [UInt64])
    func testWrite_whenRandomValue_foundationReadsTheSameValue(seed: UInt64) throws {
        var random = JSONRandom(seed: seed)
        for i in 0..<300 {
            let value = random.value()
            let bytes = value.encoded()
            let theirs = try #require(Self.foundationParse(bytes), "seed \(seed) #\(i)")
            #expect(Self.same(value, theirs), "seed \(seed) #\(i): \(value.jsonText)")
            #expect(try JSONValue.parse(bytes) == value)
        }
    }
}
