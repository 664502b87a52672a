import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct HexTests {
    @Test func testEncode_whenContiguousOrNot_givesLowercasePairsThatDecodeBack() {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.utf8.count == 512 && text.hasPrefix("000102") && text.hasSuffix("fdfeff"))
        #expect(Hex.decode(text) == all)
        #expect(Hex.encode(all.lazy.map { $0 }) == text, "a sequence without contiguous storage encodes the same")
        #expect(Hex.encode(all[250...]) == "fafbfcfdfeff", "a slice")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.decode("0G") == nil && Hex.decode("abc") == nil && Hex.decode("ABcd") == [0xAB, 0xCD])
    }
}
