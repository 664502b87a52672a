import Bundle
import Foundation
import Shared

/// `extctl new`: a project directory from one of the platform's starter templates.
struct NewCommand: Command {
    static let spec = CommandSpec(
        name: "new", summary: "Create an extension project from a starter template.",
        usage: "extctl new DIR [--template plain|react] [--name com.example.thing] [--publisher NAMESPACE]",
        details: """
            Copies templates/<template> (manifest.json, handler/, ui/) into DIR, which must not exist, and sets the
            manifest's name and publisher. Then: extctl build DIR && extctl pack DIR. The templates come from the
            platform checkout (ALGA_PLATFORM_ROOT, or ALGA_TEMPLATES for the directory itself).
            """,
        options: [.init("template", "NAME", "starter template (default: plain)"),
                  .init("name", "NAME", "extension name, lowercase reverse-DNS (default: com.example.<dir>)"),
                  .init("publisher", "NAMESPACE", "publisher namespace (default: example)")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let target = context.absolute(try context.positional(0, "DIR"))
        let layout = try PlatformLayout.locate(environment: context.environment)
        let template = context.arguments.value("template") ?? "plain"
        let source = layout.templates + "/" + template
        guard !template.contains("/"), FileIO.exists(source + "/manifest.json") else {
            let available = ((try? FileManager.default.contentsOfDirectory(atPath: layout.templates)) ?? [])
                .filter { FileIO.exists(layout.templates + "/" + $0 + "/manifest.json") }.sorted()
            throw context.usage("unknown template \(template) (available: \(available.joined(separator: ", ")))")
        }
        guard !FileIO.exists(target) else { throw AppError(.fileError, status: 409, "\(target) already exists") }
        let base = (target as NSString).lastPathComponent.lowercased()
            .map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") { $0.append($1) }
        let name = context.arguments.value("name") ?? "com.example." + base
        let publisher = context.arguments.value("publisher") ?? "example"

        guard case .object(var manifest) = try JSONValue.parse(try FileIO.read(source + "/manifest.json")) else {
            throw AppError(.manifestInvalid, status: 400, "\(source)/manifest.json is not a JSON object")
        }
        manifest["name"] = .string(name)
        manifest["publisher"] = .string(publisher)
        manifest["version"] = "0.1.0"
        let text = JSONPretty.format(.object(manifest)) + "\n"
        do { _ = try ManifestValidator.parse(Array(text.utf8)) } catch { throw error.appError }

        try FileIO.copyTree(source, to: target, skipping: ["build"])
        try FileIO.write(text, to: target + "/manifest.json")
        try FileIO.write("build/\n*.tar.zst\n*.sig.json\n*.key\n", to: target + "/.gitignore")
        context.console.result(
            "created \(target) from template \(template) (\(name) by \(publisher))\n"
                + "next: extctl build \(target) && extctl pack \(target)",
            json: ["path": .string(target), "template": .string(template), "name": .string(name),
                   "publisher": .string(publisher)])
    }
}
