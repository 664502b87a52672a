import Bundle
import Foundation
import HTTPCore
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// `extctl dev`: builds the project, runs its handler in the production runner (runner-svc as a
/// child process), serves `/api/ext/<name>/...` and the UI locally, and rebuilds on change.
struct DevCommand: Command {
    static let spec = CommandSpec(
        name: "dev", summary: "Run the handler locally in the production runner; rebuild on change; serve the UI.",
        usage: "extctl dev [PROJECT] [--port N] [--config JSON|@FILE] [--egress URL]... [--no-watch]",
        details: """
            Builds PROJECT, starts runner-svc (the production binary, next to extctl or EXTCTL_RUNNER_BIN) on a private
            port, and serves on 127.0.0.1:PORT (default 8790):
              /api/ext/<name>/<path>   executed as the gateway would (tenant "dev", every declared capability granted)
              /ui/...                  the bundle's UI files (the page needs a host to connect; see docs/iframe-sdk.md)
            Polls manifest.json, handler/ and ui/ every second and rebuilds and reloads on change. Host calls that need
            the registry (storage.kv, secrets.get) answer "unavailable" here. Ctrl-C stops both processes.
            """,
        options: [.init("port", "N", "listen port (default 8790; 0 picks one)"),
                  .init("config", "JSON|@FILE", "the install configuration the handler sees"),
                  .init("egress", "URL", "allow outbound http.fetch to scheme://host[:port] (repeatable)")],
        flags: [.init("no-watch", "build once, do not rebuild on change")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let project = context.absolute(context.arguments.positionals.first ?? ".")
        let console = context.console
        let layout = try PlatformLayout.locate(environment: context.environment)
        let builder = ProjectBuilder(project: project, layout: layout, toolchain: Toolchain.locate(environment: context.environment),
                                     environment: context.environment, progress: { console.progress($0) })
        var config: [String: String] = [:]
        if let text = context.arguments.value("config") {
            let raw = text.hasPrefix("@") ? try FileIO.readText(context.absolute(String(text.dropFirst()))) : text
            guard let object = (try? JSONValue.parse(raw))?.objectValue else { throw context.usage("--config must be a JSON object") }
            for (key, value) in object { config[key] = value.stringValue ?? value.jsonText }
        }
        guard let port = Int(context.arguments.value("port") ?? "8790"), (0...65535).contains(port) else {
            throw context.usage("--port must be 0-65535")
        }
        let devDirectory = builder.buildDirectory + "/dev"
        try SDKCache.make(devDirectory + "/objects")

        _ = try builder.build(uiOnly: false)
        let bundle = DevBundle()
        let first = try await bundle.load(directory: builder.bundle, objects: devDirectory + "/objects")
        let runnerBinary = context.environment["EXTCTL_RUNNER_BIN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((Foundation.Bundle.main.executablePath ?? "") as NSString).deletingLastPathComponent + "/runner-svc"
        let runner = try RunnerChild(binary: runnerBinary, devDirectory: devDirectory) { line in
            if line.contains("\"guest\"") || line.contains("\"level\":\"error\"") { console.progress("runner: \(line)") }
        }
        DevSignals.install(stopping: runner)
        let logger = Logger(label: "extctl.dev", level: .warning, handler: InMemoryLogHandler())
        let server = DevServer(bundle: bundle, bundleDirectory: builder.bundle, runnerURL: "http://127.0.0.1:\(runner.port)",
                               runnerToken: runner.token, config: config, egress: context.arguments.values("egress"),
                               client: HTTPClient(logger: logger), log: { console.progress($0) })
        let http = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port, threads: 2),
                              router: server.router(), logger: logger)
        let bound: Int
        do { bound = try http.start() } catch {
            runner.stop()
            throw AppError(.fileError, status: 500, "cannot listen on 127.0.0.1:\(port): \(error)")
        }
        console.progress("runner-svc pid \(runner.pid) on 127.0.0.1:\(runner.port)")
        console.result(
            "serving \(first.manifest.name) \(first.contentHash) on http://127.0.0.1:\(bound)\n"
                + "  curl http://127.0.0.1:\(bound)/api/ext/\(first.manifest.name)\(first.manifest.endpoints.first.map { $0.path.description } ?? "/")\n"
                + "  UI files: http://127.0.0.1:\(bound)/ui/",
            json: ["url": .string("http://127.0.0.1:\(bound)"), "extension": .string(first.manifest.name),
                   "content_hash": .string(first.contentHash.description), "runner_pid": .number(JSONNumber(Int64(runner.pid)))])
        var stamp = DevWatcher.stamp(project)
        while true {
            try? await Task.sleep(for: .seconds(1))
            guard !context.arguments.has("no-watch") else { continue }
            let next = DevWatcher.stamp(project)
            guard next != stamp else { continue }
            stamp = next
            console.progress("change detected: rebuilding")
            do {
                _ = try builder.build(uiOnly: false)
                let loaded = try await bundle.load(directory: builder.bundle, objects: devDirectory + "/objects")
                console.progress("reloaded \(loaded.manifest.name) \(loaded.manifest.version) \(loaded.contentHash)")
            } catch {
                console.note("extctl: rebuild failed; still serving the previous bundle: \(ExtctlCLI.appError(error).message)")
            }
        }
    }
}
