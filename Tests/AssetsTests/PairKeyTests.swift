@testable import Assets
import TestSupport
import Testing

@Suite(.ownThread) struct PairKeyTests {
    @Test(arguments: ["com.acme.ui", "a.b", "x1.y-2.z3", "com.acme." + String(repeating: "a", count: 63)])
    func testExtensionName_whenReverseDNS_isValid(name: String) {
        #expect(PairKey.isValidExtensionName(name))
    }

    @Test(arguments: ["acme", "Com.acme", "com..acme", ".com.acme", "com.acme.", "com.-acme", "com.acme-", "com.ac_me",
                      "com.acme/x", "com." + String(repeating: "a", count: 64), "a." + String(repeating: "b.", count: 70) + "c", ""])
    func testExtensionName_whenNotReverseDNS_isInvalid(name: String) {
        #expect(!PairKey.isValidExtensionName(name))
    }
}
