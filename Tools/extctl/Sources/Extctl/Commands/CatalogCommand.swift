import Foundation
import Shared

/// `extctl catalog [NAME]`: the registry's catalog, the calls the console makes. Without NAME the
/// active extensions (`GET /v1/registry/extensions?state=active`); with NAME its versions
/// (`GET /v1/registry/extensions/NAME/versions`), newest first, with their capabilities.
struct CatalogCommand: Command {
    static let maxPages = 50

    static let spec = CommandSpec(
        name: "catalog", summary: "Browse the catalog: active extensions, or one extension's versions and capabilities.",
        usage: "extctl catalog [NAME] [--publisher P] [--state S]",
        details: """
            Without NAME: GET /v1/registry/extensions, the active extensions by name (name, publisher, latest version,
            published); --publisher filters, --state killed shows the killed ones, --state all every one.
            With NAME: GET /v1/registry/extensions/NAME/versions, every version newest first (version, state,
            published, signed-by key, capabilities); --state active or yanked filters. Pages are followed (at most
            \(maxPages) of 200). Any registry credential can read the catalog. With --json: {items, next_cursor} as the
            registry answers them. An unknown NAME exits 5 with extension_not_found.
            """,
        options: [.init("publisher", "P", "only this publisher's extensions (without NAME)"),
                  .init("state", "S", "without NAME: active (default), killed or all; with NAME: active or yanked")]
            + Endpoints.registryOptions)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let name = context.arguments.positionals.first
        let state = context.arguments.value("state")
        var query: [(String, String)] = [("limit", "200")]
        let path: String
        if let name {
            if context.arguments.value("publisher") != nil { throw context.usage("--publisher only goes without NAME") }
            if let state {
                guard ["active", "yanked"].contains(state) else { throw context.usage("--state with NAME: active or yanked") }
                query.append(("state", state))
            }
            path = "/v1/registry/extensions/\(Endpoints.segment(name))/versions"
        } else {
            let chosen = state ?? "active"
            guard ["active", "killed", "all"].contains(chosen) else { throw context.usage("--state: active, killed or all") }
            if chosen != "all" { query.append(("state", chosen)) }
            if let publisher = context.arguments.value("publisher") { query.append(("publisher", publisher)) }
            path = "/v1/registry/extensions"
        }
        let registry = try Endpoints.registry(context)
        let (items, cursor) = try await registry.pages(path, query: query, follow: true, maxPages: Self.maxPages)
        let text = name.map { Self.versionTable(items, name: $0) } ?? Self.extensionTable(items)
        context.console.result(text, json: ["items": .array(items), "next_cursor": cursor.map { .string($0) } ?? .null])
    }

    static func extensionTable(_ items: [JSONValue]) -> String {
        guard !items.isEmpty else { return "no extensions match" }
        var rows = [["name", "publisher", "latest", "published_at"]]
        for item in items {
            var name = item["name"]?.stringValue ?? "-"
            if let state = item["state"]?.stringValue, state != "active" { name += " (\(state))" }
            rows.append([name, item["publisher"]?.stringValue ?? "-", item["latest_version"]?["version"]?.stringValue ?? "-",
                         item["latest_version"]?["published_at"]?.stringValue ?? "-"])
        }
        return columns(rows)
    }

    static func versionTable(_ items: [JSONValue], name: String) -> String {
        guard !items.isEmpty else { return "\(name) has no versions that match" }
        var rows = [["version", "state", "published_at", "signed_by", "capabilities"]]
        for item in items {
            let caps = item["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            rows.append([item["version"]?.stringValue ?? "-", item["state"]?.stringValue ?? "-",
                         item["published_at"]?.stringValue ?? "-", item["signing_key_id"]?.stringValue ?? "(unsigned)",
                         caps.isEmpty ? "(none)" : caps.joined(separator: ",")])
        }
        return columns(rows)
    }

    /// Rows as left-aligned columns two spaces apart (the last column unpadded).
    static func columns(_ rows: [[String]]) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in i + 1 < row.count ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell }
                .joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
