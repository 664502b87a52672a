import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct EndpointTableTests {
    static let table = EndpointTable(json: [
        ["method": "GET", "path": "/items/:id", "handler": "getItem"],
        ["method": "GET", "path": "/items/new", "handler": "newItemForm"],
        ["method": "POST", "path": "/items", "handler": "createItem"],
        ["method": "DELETE", "path": "/items/:id", "handler": "deleteItem"],
        ["method": "GET", "path": "/", "handler": "root"],
        ["method": "PUT", "path": "/a/:x/c", "handler": "paramFirst"],
        ["method": "PUT", "path": "/a/b/:y", "handler": "literalFirst"],
        ["method": "GET", "path": "broken", "handler": "ignored"],
    ])

    @Test func testMatch_whenLiteralAndParameterBothMatch_exactWins() throws {
        #expect(try Self.table.match(method: "GET", segments: ["items", "new"]).endpoint.handler == "newItemForm")
        let param = try Self.table.match(method: "GET", segments: ["items", "42"])
        #expect(param.endpoint.handler == "getItem" && param.params == ["id": "42"])
        #expect(try Self.table.match(method: "PUT", segments: ["a", "b", "c"]).endpoint.handler == "literalFirst")
    }

    @Test func testMatch_whenLiteralOnlyDeclaredForOtherMethod_theParameterRouteServes() throws {
        let m = try Self.table.match(method: "DELETE", segments: ["items", "new"])
        #expect(m.endpoint.handler == "deleteItem" && m.params == ["id": "new"])
    }

    @Test func testMatch_whenPathUndeclared_is404EndpointNotFound() {
        for segments in [["nothing"], ["items", "1", "extra"], ["broken"]] {
            let error = #expect(throws: AppError.self) { try Self.table.match(method: "GET", segments: segments) }
            #expect(error?.code.rawValue == "endpoint_not_found" && error?.httpStatus == 404, "\(segments)")
        }
    }

    @Test func testMatch_whenMethodWrong_is405WithAllow() {
        let error = #expect(throws: AppError.self) { try Self.table.match(method: "PATCH", segments: ["items", "7"]) }
        #expect(error?.httpStatus == 405 && error?.code == .methodNotAllowed)
        #expect(error?.headers.first { $0.0 == "Allow" }?.1 == "DELETE, GET, HEAD")
    }

    @Test func testMatch_whenHEAD_usesTheGETEndpoint_andRootMatchesNoSegments() throws {
        #expect(try Self.table.match(method: "HEAD", segments: ["items", "9"]).endpoint.handler == "getItem")
        #expect(try Self.table.match(method: "GET", segments: []).endpoint.handler == "root")
    }

    @Test func testMatch_whenNoEndpointsDeclared_nothingIsCallable() {
        let error = #expect(throws: AppError.self) { try EndpointTable(json: nil).match(method: "GET", segments: []) }
        #expect(error?.httpStatus == 404)
    }
}
