import Foundation
import Shared

/// `extctl api-key create|list|revoke`: the tenant's gateway API keys through the registry's
/// `/v1/tenants/TENANT/api-keys` (docs/registry.md, "API keys for the gateway"). A created key is
/// shown once: alone on stdout (with --json, in the registry's answer), never in a listing or on stderr.
struct ApiKeyCommand: Command {
    static let actions = ["create", "list", "revoke"]
    static let createOptions: Set<String> = ["name", "scope", "expires"]

    static let spec = CommandSpec(
        name: "api-key", summary: "Create, list and revoke a tenant's gateway API keys.",
        usage: "extctl api-key create --tenant TENANT --name NAME [--scope ext:NAME]... [--expires TIME] | "
            + "extctl api-key list --tenant TENANT | extctl api-key revoke --tenant TENANT ID_OR_PREFIX",
        details: """
            create: POST /v1/tenants/TENANT/api-keys. Prints the key (ak_...) alone on stdout, once: the registry keeps
            only its hash, so store it now. --scope limits the key to an extension (ext:NAME, or ext:* ; a bare NAME
            means ext:NAME; none: every extension of the tenant). --expires takes an RFC 3339 time or a duration
            from now (30d, 12h, 90m). With --json: the registry's answer, key included.
            list: the keys (id, prefix, name, scopes, created, last used, expiry, status), never the keys themselves.
            revoke: POST .../ID/revoke; ID_OR_PREFIX is the key's id, its prefix (ak_ and 8 characters), its name or
            the key itself (only its prefix is sent). Revoking again keeps the first time. An unknown key exits 5
            with api_key_not_found.
            """,
        options: [InstallSettings.tenantOption,
                  .init("name", "NAME", "create: the key's name (unique in the tenant)"),
                  .init("scope", "SCOPE", "create: ext:NAME or ext:* (repeatable)"),
                  .init("expires", "TIME", "create: RFC 3339 time or a duration from now (30d, 12h, 90m)")]
            + Endpoints.registryOptions)

    func run(_ context: CommandContext) async throws {
        let action = try context.positional(0, "ACTION (create, list or revoke)")
        guard Self.actions.contains(action) else {
            throw context.usage("unknown action \(action) (expected create, list or revoke)")
        }
        if action != "create", let option = Self.createOptions.sorted().first(where: { context.arguments.options[$0] != nil }) {
            throw context.usage("--\(option) only goes with create")
        }
        let tenant = try InstallSettings.tenant(context)
        let base = "/v1/tenants/\(Endpoints.segment(tenant))/api-keys"
        switch action {
        case "create":
            try context.arguments.requireAtMost(1, spec: Self.spec)
            try await create(context, base: base)
        case "list":
            try context.arguments.requireAtMost(1, spec: Self.spec)
            let reply = try await Endpoints.registry(context).send("GET", base)
            let items = reply.json?["items"]?.arrayValue ?? []
            context.console.result(Self.table(items, now: Date()), json: reply.json ?? .null)
        default:
            try context.arguments.requireAtMost(2, spec: Self.spec)
            try await revoke(context, base: base, key: try context.positional(1, "ID_OR_PREFIX"))
        }
    }

    private func create(_ context: CommandContext, base: String) async throws {
        guard let name = context.arguments.value("name") else { throw context.usage("--name is required") }
        var body: JSONObject = ["name": .string(name)]
        let scopes = context.arguments.values("scope").map { $0.hasPrefix("ext:") ? $0 : "ext:" + $0 }
        if !scopes.isEmpty { body["scopes"] = .array(scopes.map { .string($0) }) }
        if let expires = context.arguments.value("expires") {
            body["expires_at"] = .string(try Self.expiry(expires, now: Date(), context))
        }
        let registry = try Endpoints.registry(context)
        let reply = try await registry.send("POST", base, json: .object(body))
        guard let answer = reply.json, let key = answer["key"]?.stringValue else {
            throw ReportedFailure(status: .remoteError, message: "POST \(base): the answer has no key")
        }
        let prefix = answer["key_prefix"]?.stringValue ?? "?"
        let id = answer["id"]?.stringValue ?? "?"
        context.console.progress("created API key \(name) (\(prefix), id \(id)); the key below is not shown again: store it now")
        context.console.result(key, json: answer)
    }

    private func revoke(_ context: CommandContext, base: String, key: String) async throws {
        let registry = try Endpoints.registry(context)
        var id = key
        if !UUIDString.isValid(key) {
            // A full key is never sent: only its display prefix (ak_ and 8 characters) leaves this process.
            let prefix = key.hasPrefix("ak_") && key.count > 11 ? String(key.prefix(11)) : key
            let items = try await registry.send("GET", base).json?["items"]?.arrayValue ?? []
            let match = items.first { $0["key_prefix"]?.stringValue == prefix } ?? items.first { $0["name"]?.stringValue == key }
            id = match?["id"]?.stringValue ?? prefix
        }
        let reply = try await registry.send("POST", base + "/\(Endpoints.segment(id))/revoke", json: .object([:]))
        let answer = reply.json ?? .null
        let text = "revoked API key \(answer["name"]?.stringValue ?? "?") (\(answer["key_prefix"]?.stringValue ?? "?"), "
            + "id \(answer["id"]?.stringValue ?? id)) at \(answer["revoked_at"]?.stringValue ?? "?")"
        context.console.result(text, json: answer)
    }
}
