import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct ExtensionPathTests {
    @Test func testPath_whenRootWithOrWithoutSlash_isSlashWithNoSegments() throws {
        for target in ["/api/ext/com.acme.hello", "/api/ext/com.acme.hello/", "/api/ext/com.acme.hello?x=1"] {
            let p = try ExtensionPath(target: target)
            #expect(p.extensionName == "com.acme.hello" && p.rawPath == "/" && p.segments.isEmpty, "\(target)")
        }
    }

    @Test func testPath_whenEncoded_keepsRawForTheGuestAndDecodesSegmentsForMatching() throws {
        let p = try ExtensionPath(target: "/api/ext/com.acme.hello/hello/J%C3%BCrgen%20B?q=%2F")
        #expect(p.rawPath == "/hello/J%C3%BCrgen%20B")
        #expect(p.segments == ["hello", "Jürgen B"])
    }

    @Test func testPath_whenEmptySegment_is400() {
        for target in ["/api/ext/com.acme.hello//hello", "/api/ext/com.acme.hello/hello/", "/api/ext/com.acme.hello/a//b"] {
            let error = #expect(throws: AppError.self) { try ExtensionPath(target: target) }
            #expect(error?.httpStatus == 400, "\(target)")
        }
    }

    @Test func testPath_whenExtensionNameIsNotReverseDNS_is404() {
        for target in ["/api/ext/Com.Acme/x", "/api/ext/nodots/x", "/api/ext/%63om.acme/x", "/api/ext//x"] {
            let error = #expect(throws: AppError.self) { try ExtensionPath(target: target) }
            #expect(error?.code.rawValue == "extension_not_found", "\(target)")
        }
    }
}
