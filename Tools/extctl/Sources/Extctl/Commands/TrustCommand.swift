import Foundation
import Bundle
import Shared

/// `extctl trust`: adds a publisher's public key to the registry's trust store (admin only).
struct TrustCommand: Command {
    static let spec = CommandSpec(
        name: "trust", summary: "Add a publisher key to the registry's trust store (operator).",
        usage: "extctl trust KEY.pub --publisher NAMESPACE [--not-before TIME] [--not-after TIME] [--token ADMIN_TOKEN]",
        details: """
            POST /v1/admin/keys with the public key (PEM from extctl keygen, or Base64 of the raw 32 bytes). Needs the
            admin credential. Times are RFC 3339 UTC (2026-03-01T00:00:00Z); not-before defaults to now on the registry.
            """,
        options: [.init("publisher", "NAMESPACE", "the publisher the key signs for"),
                  .init("not-before", "TIME", "start of the key's validity window"),
                  .init("not-after", "TIME", "end of the key's validity window")] + Endpoints.registryOptions)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let path = context.absolute(try context.positional(0, "KEY.pub"))
        guard let publisher = context.arguments.value("publisher") else { throw context.usage("--publisher is required") }
        let text = try FileIO.readText(path)
        let key: Ed25519.PublicKey
        do {
            key = text.contains("-----BEGIN")
                ? try Ed25519.PublicKey(pemRepresentation: text)
                : try Ed25519.PublicKey(rawRepresentation: try Base64.decode(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        } catch {
            throw AppError(.keyInvalid, status: 400, "\(path): not an Ed25519 public key (PEM or Base64 of 32 bytes)")
        }
        var body: JSONObject = ["publisher": .string(publisher), "public_key": .string(Base64.encode(key.rawRepresentation))]
        if let time = context.arguments.value("not-before") { body["not_before"] = .string(time) }
        if let time = context.arguments.value("not-after") { body["not_after"] = .string(time) }
        let reply = try await Endpoints.registry(context).send("POST", "/v1/admin/keys", json: .object(body))
        let id = reply.json?["key_id"]?.stringValue ?? KeyID(publicKey: key).rawValue
        context.console.result("trusted \(id) for publisher \(publisher)", json: reply.json ?? .null)
    }
}
