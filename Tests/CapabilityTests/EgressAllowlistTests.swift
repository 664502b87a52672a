import HTTPCore
@testable import Runner
import Shared
import TestSupport
import Testing

/// The install's egress allowlist: scheme + host pattern + port, deny by default.
@Suite(.ownThread) struct EgressAllowlistTests {
    func url(_ text: String) throws -> HTTPClientURL { try HTTPClientURL(text) }

    @Test func testAllows_whenListIsEmpty_refusesEverything() throws {
        let list = try EgressAllowlist(parsing: [])
        for text in ["https://api.example.com/", "http://127.0.0.1:8080/", "http://[::1]/"] {
            #expect(!list.allows(try url(text)), "\(text)")
        }
    }

    @Test func testAllows_whenRulesMatch_checksSchemeHostAndPort() throws {
        let list = try EgressAllowlist(parsing: ["https://api.example.com", "http://*.svc.example.org:8080", "http://127.0.0.1:9000",
                                                 "https://[2001:db8::1]:8443"])
        let allowed = ["https://api.example.com/v1?x=1", "https://API.Example.com:443/", "http://a.svc.example.org:8080/",
                       "http://a.b.svc.example.org:8080/x", "http://127.0.0.1:9000/hello", "https://[2001:db8::1]:8443/"]
        let refused = ["http://api.example.com/", "https://api.example.com:8443/", "https://evil-api.example.com/",
                       "https://api.example.com.evil.net/", "http://svc.example.org:8080/", "http://a.svc.example.org/",
                       "https://a.svc.example.org:8080/", "http://127.0.0.1:9001/", "http://127.0.0.2:9000/",
                       "http://localhost:9000/", "https://[2001:db8::2]:8443/", "http://[::ffff:127.0.0.1]:9000/"]
        for text in allowed { #expect(list.allows(try url(text)), "\(text) should be allowed") }
        for text in refused { #expect(!list.allows(try url(text)), "\(text) should be refused") }
    }

    @Test func testParsing_whenEntryIsMalformed_namesTheEntryAndReason() throws {
        let cases: [(String, String)] = [
            ("api.example.com", "must start with http:// or https://"), ("ftp://x.example", "must start with http:// or https://"),
            ("https://*", "host must be"), ("https://*.", "host must be"), ("https://a..b", "host must be"),
            ("https://Api.Example.com", "host must be"), ("https://x.example/path", "host must be"),
            ("https://u@x.example", "host must be"), ("https://x.example:0", "port must be 1-65535"),
            ("https://x.example:65536", "port must be 1-65535"), ("https://[::1", "unterminated IPv6 address"),
            ("https://[zz]", "not an IPv6 address"), ("https://[::1]x", "only a port may follow the host"),
            ("https://2130706433", "host must be"), ("https://127.1", "host must be"),
        ]
        for (entry, reason) in cases {
            do {
                _ = try EgressAllowlist(parsing: ["https://ok.example", entry])
                Issue.record("\(entry) was accepted")
            } catch {
                #expect(error.code == .badRequest)
                #expect(error.message.hasPrefix("egress.allow[1]: \(reason)"), "\(entry): \(error.message)")
            }
        }
        #expect(throws: AppError.self) { try EgressAllowlist(parsing: Array(repeating: "https://x.example", count: 65)) }
    }

    @Test func testFetchHead_whenURLHostIsAnOddNumericSpelling_isRefusedAsInvalid() throws {
        for host in ["2130706433", "0x7f.1", "127.1", "017700000001"] {
            let head = Array(#"{"method":"GET","url":"http://\#(host)/"}"#.utf8)
            do {
                let parsed = try FetchRequestHead(json: head, limits: GuestLimits())
                // libcurl may normalise the spelling to a dotted quad; then it is an IP literal
                // and the address rules decide.
                #expect(HTTPClientAddress(parsed.url.host) != nil, "\(host) passed as \(parsed.url.host)")
            } catch {
                #expect(error.code == .invalidArgument, "\(host): \(error.reason)")
            }
        }
    }

    @Test func testFetchHead_whenHeadersBreakTheRules_answersTheDocumentedCodes() throws {
        func code(_ json: String) -> GuestErrorCode? {
            do {
                _ = try FetchRequestHead(json: Array(json.utf8), limits: GuestLimits())
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(#"{"method":"GET","url":"https://a.example/"}"#) == nil)
        #expect(code(#"{"method":"TRACE","url":"https://a.example/"}"#) == .invalidArgument)
        #expect(code(#"{"method":"GET","url":"file:///etc/passwd"}"#) == .invalidArgument)
        #expect(code(#"{"method":"GET","url":"https://user:pw@a.example/"}"#) == .invalidArgument)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["host","b.example"]]}"#) == .forbidden)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["X-Alga-Tenant","t2"]]}"#) == .forbidden)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["proxy-authorization","x"]]}"#) == .forbidden)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["bad name","x"]]}"#) == .invalidArgument)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["x","a\r\nb"]]}"#) == .invalidArgument)
        #expect(code(#"{"method":"GET","url":"https://a.example/","timeout_ms":0}"#) == .invalidArgument)
        let long = String(repeating: "v", count: 8193)
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[["x","\#(long)"]]}"#) == .tooLarge)
        let many = (0..<65).map { #"["h\#($0)","v"]"# }.joined(separator: ",")
        #expect(code(#"{"method":"GET","url":"https://a.example/","headers":[\#(many)]}"#) == .limitExceeded)
    }
}
