import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct EnvironmentTests {
    @Test func testRangedGet_whenUnsetOrInside_returnsTheValue() throws {
        let env = Environment(["N": "7", "X": "0.5"])
        #expect(try env.get("N", default: 3, in: 1...10) == 7)
        #expect(try env.get("UNSET", default: 3, in: 1...10) == 3)
        #expect(try env.get("X", default: 0.2, in: 0...1) == 0.5)
    }

    @Test func testRangedGet_whenOutside_namesTheVariableAndTheBounds() {
        let env = Environment(["N": "11", "X": "1.5"])
        #expect(throws: ConfigError(variable: "N", reason: "must be between 1 and 10, got 11")) {
            try env.get("N", default: 3, in: 1...10)
        }
        #expect(throws: ConfigError(variable: "X", reason: "must be between 0.0 and 1.0, got 1.5")) {
            try env.get("X", default: 0.2, in: 0.0...1.0)
        }
        #expect(throws: ConfigError(variable: "N", reason: "must be between 1 and 10, got 0")) {
            try Environment([:]).get("N", default: 0, in: 1...10)
        }
    }

    @Test func testRangedGet_whenUnparsable_saysWhatItMustBe() {
        #expect(throws: ConfigError.self) { try Environment(["N": "seven"]).get("N", default: 3, in: 1...10) }
    }
}
