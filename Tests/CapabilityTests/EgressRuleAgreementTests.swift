@testable import Registry
@testable import Runner
import TestSupport
import Testing

/// The registry validates an install's egress allowlist when it is stored; the runner parses it
/// on every execution and refuses the whole request (400) for an entry it cannot parse. So the
/// two must agree entry by entry: whatever the registry stores, the runner accepts, and the
/// other way round.
@Suite(.ownThread) struct EgressRuleAgreementTests {
    static let entries = [
        // Accepted by both.
        "http://api.example.com", "https://api.example.com:8443", "https://*.example.com", "http://127.0.0.1:8080",
        "http://10.0.0.1", "https://[::1]:443", "http://[fd00:ec2::254]", "http://[::ffff:10.0.0.1]", "http://a-b.c1",
        "http://localhost",
        // Refused by both.
        "ftp://api.example.com", "http://API.example.com", "http://api.example.com/path", "http://user@api.example.com",
        "http://api.example.com:0", "http://api.example.com:65536", "http://api.example.com:080", "http://*",
        "http://*.", "http://-a.example.com", "http://", "https://[::1", "http://[::1]x", "http://a..b",
        // Numeric spellings that are no IPv4 address, and broken IPv6 literals.
        "http://1.2.3", "http://999.1.1.1", "http://0x7f.0.0.1", "http://2130706433", "http://127.1",
        "http://[::1::2]", "http://[1.2.3.4]", "http://[fe80::1%25eth0]", "http://[:::]", "http://[12345::1]",
        "http://*.10.0.0.1", "http://*.1",
    ]

    @Test func testEntries_whenValidatedByRegistryAndParsedByRunner_areAcceptedByBothOrNeither() throws {
        var accepted = 0
        for entry in Self.entries {
            let registry = RegistryEgressRule.problem(entry) == nil
            let runner = (try? RunnerEgressRule(parsing: entry)) != nil
            #expect(registry == runner, "\(entry): registry \(registry ? "accepts" : "refuses"), runner \(runner ? "accepts" : "refuses")")
            if registry && runner { accepted += 1 }
        }
        #expect(accepted == 10, "the first ten entries are valid")
    }
}
