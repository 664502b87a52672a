import Foundation
import HTTPCore
import Shared

/// `extctl invoke`: calls an extension endpoint through the gateway's public API.
struct InvokeCommand: Command {
    static let spec = CommandSpec(
        name: "invoke", summary: "Call an extension endpoint through the gateway.",
        usage: "extctl invoke EXTENSION METHOD PATH [--data JSON|@FILE] [--header NAME:VALUE]... [--gateway URL] [--token T]",
        details: """
            Sends METHOD /api/ext/EXTENSION/PATH with the credential (a tenant API key ak_… or a user JWT; the
            tenant comes from it). Prints the status, the request id (for the execution log) and the body; with
            --json, {status, request_id, headers, body} (body parsed when it is JSON). A 4xx/5xx answer exits 5.
            """,
        options: [.init("data", "JSON|@FILE", "request body (sent as application/json unless --header sets content-type)"),
                  .init("header", "NAME:VALUE", "extra request header (repeatable)")] + Endpoints.gatewayOptions)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(3, spec: Self.spec)
        let name = try context.positional(0, "EXTENSION")
        let method = try context.positional(1, "METHOD").uppercased()
        var path = try context.positional(2, "PATH")
        if !path.hasPrefix("/") { path = "/" + path }
        var headers: [(String, String)] = []
        for header in context.arguments.values("header") {
            guard let colon = header.firstIndex(of: ":"), colon != header.startIndex else {
                throw context.usage("--header takes NAME:VALUE")
            }
            headers.append((String(header[..<colon]).trimmingCharacters(in: .whitespaces),
                            String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        var body: [UInt8]?
        if let data = context.arguments.value("data") {
            body = data.hasPrefix("@") ? try FileIO.read(context.absolute(String(data.dropFirst()))) : Array(data.utf8)
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { headers.append(("content-type", "application/json")) }
        }
        let gateway = try Endpoints.gateway(context)
        let target = "/api/ext/\(Endpoints.segment(name))\(path)"
        let reply = try await gateway.send(method, target, body: body, headers: headers, allowErrors: true)
        let requestID = reply.headers["x-request-id"]
        let text = String(decoding: reply.body, as: UTF8.self)
        var headerObject = JSONObject()
        for field in reply.headers { headerObject[field.name.lowercased()] = .string(field.value) }
        context.console.result(
            "HTTP \(reply.status)  request id \(requestID ?? "-")\n\(text)",
            json: ["status": .number(JSONNumber(Int64(reply.status))), "request_id": requestID.map { .string($0) } ?? .null,
                   "headers": .object(headerObject), "body": reply.json ?? .string(text)])
        guard (200..<400).contains(reply.status) else {
            let failure = ServiceClient.failure(reply, method: method, path: target)
            throw ReportedFailure(status: .remoteError, message: "\(failure.code.rawValue): \(failure.message)")
        }
    }
}
