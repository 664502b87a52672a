import Foundation
import HTTPCore
import ServiceKit
import Shared
import TestSupport
import Testing
@testable import Runner

/// The execute route's token check: the same decisions as `BearerToken` over `ServiceTokenFile`,
/// including rotation, with remembered tokens.
@Suite(.ownThread) struct ServiceTokenGateTests {
    private static func request(_ authorization: String?) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let authorization { headers.add("authorization", authorization) }
        return HTTPRequest(method: .post, target: "/v1/execute", path: "/v1/execute", headers: headers, requestID: "r",
                           logger: Logger(label: "t", handler: NullHandler()))
    }

    private static func accepted(_ gate: ServiceTokenGate, _ authorization: String?) -> Bool {
        do {
            try gate.require(request(authorization))
            return true
        } catch {
            #expect(error.code == .unauthorized && error.httpStatus == 401)
            #expect(error.headers.contains { $0.0 == "WWW-Authenticate" && $0.1 == "Bearer" })
            return false
        }
    }

    @Test func testRequire_whenTokensVary_acceptsExactlyTheFilesTokens() throws {
        let dir = try TestDirectory.make("gate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/tokens"
        try "# comment\n  alpha-token \n\nbeta\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let gate = ServiceTokenGate(file: ServiceTokenFile(path: path))
        for _ in 0..<3 {  // first call asks the file, later ones use the remembered token
            #expect(Self.accepted(gate, "Bearer alpha-token"))
            #expect(Self.accepted(gate, "bearer beta"))
            #expect(Self.accepted(gate, "BEARER alpha-token"))
        }
        for bad in [nil, "", "Bearer", "Bearer ", "Bearer alpha", "Bearer alpha-token2", "Bearer  alpha-token",
                    "Basic alpha-token", "Bearer# comment", "Bearer beta\r"] as [String?] {
            #expect(!Self.accepted(gate, bad), "\(bad ?? "nil")")
        }
    }

    @Test func testRequire_whenFileRotates_refusesRevokedTokenAtOnce() throws {
        let dir = try TestDirectory.make("gate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/tokens"
        try "old-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        let gate = ServiceTokenGate(file: ServiceTokenFile(path: path))
        #expect(Self.accepted(gate, "Bearer old-token"))
        #expect(Self.accepted(gate, "Bearer old-token"))
        try "new-token\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!Self.accepted(gate, "Bearer old-token"))
        #expect(Self.accepted(gate, "Bearer new-token"))
        try FileManager.default.removeItem(atPath: path)
        #expect(!Self.accepted(gate, "Bearer new-token"), "no file, no token")
    }

    @Test func testRequire_whenNoTokenFileConfigured_refusesEverything() {
        let gate = ServiceTokenGate(file: nil)
        #expect(!Self.accepted(gate, "Bearer anything"))
    }
}
