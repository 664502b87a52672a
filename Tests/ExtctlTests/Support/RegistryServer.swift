import Foundation
import Postgres
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// The real `registry-svc` binary on 127.0.0.1:0, on a scratch database of the development
/// Postgres cluster (scripts/pg) and a local object-store directory, with admin, publisher and
/// tenant credentials. `stop()` ends it by pid and drops the database.
final class RegistryServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let admin = "adm-" + UUID().uuidString
    let publisher = "pub-" + UUID().uuidString
    let tenantToken = "ten-" + UUID().uuidString
    let tenant = "t" + String(UUID().uuidString.prefix(8)).lowercased()
    let directory: String
    private(set) var port = 0
    private let process = Process()
    private let output = Collected()
    private var database: String?
    private var ownerURL: String?

    var url: String { "http://127.0.0.1:\(port)" }
    var log: String { output.texts.0 }

    init() async throws {
        directory = try Repository.temporaryDirectory("registry")
        let pg = try Self.postgres()
        guard let owner = pg["ALGA_PG_OWNER_URL"], let registry = pg["ALGA_PG_REGISTRY_URL"] else {
            throw Failure(description: "scripts/pg wrote no connection URLs")
        }
        ownerURL = owner
        let name = "alga_cli_" + String(UUID().uuidString.prefix(8)).lowercased()
        try Self.psql(owner, "CREATE DATABASE \(name)")
        database = name
        try await Self.migrate(Self.with(owner, database: name))

        func hash(_ token: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(token.utf8))) }
        try "ops admin \(hash(admin))\nci publisher:example \(hash(publisher))\nt1 tenant:\(tenant) \(hash(tenantToken))\n"
            .write(toFile: directory + "/credentials", atomically: true, encoding: .utf8)
        try "svc-\(UUID().uuidString)\n".write(toFile: directory + "/service-tokens", atomically: true, encoding: .utf8)
        try "k1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: directory + "/scoped-keys", atomically: true, encoding: .utf8)
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: directory + "/kek", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: ExtctlProcess.binaryDirectory + "/registry-svc")
        process.environment = [
            "PATH": "/usr/bin:/bin", "PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": directory,
            "DATABASE_URL": Self.with(registry, database: name), "OBJECT_STORE_DIR": directory + "/objects",
            "REGISTRY_CREDENTIALS_FILE": directory + "/credentials", "SERVICE_TOKEN_FILE": directory + "/service-tokens",
            "SCOPED_TOKEN_KEYS_FILE": directory + "/scoped-keys", "SECRETS_KEK_FILE": directory + "/kek",
            "REGISTRY_COMPILE_CPU_SECONDS": "20",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [output] in output.append(out: $0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && Date() < deadline && process.isRunning {
            for line in log.split(separator: "\n") where line.contains("\"listening\"") {
                if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                   let p = object["port"] as? Int { port = p }
            }
            if port == 0 { usleep(50_000) }
        }
        guard port != 0 else {
            stop()
            throw Failure(description: "registry-svc did not report its port:\n\(log)")
        }
    }

    deinit { stop() }

    /// SIGTERM by pid, a bounded wait, then SIGKILL; drops the scratch database.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if let database, let ownerURL {
            for _ in 0..<50 {
                if (try? Self.psql(ownerURL, "DROP DATABASE IF EXISTS \(database)")) != nil { break }
                usleep(100_000)
            }
            self.database = nil
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `scripts/pg up`, then the variables it wrote.
    static func postgres() throws -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        if environment["ALGA_PG_OWNER_URL"] != nil, environment["ALGA_PG_REGISTRY_URL"] != nil { return environment }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Repository.root + "/scripts/pg")
        p.arguments = ["up"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "scripts/pg up failed") }
        let dir = environment["ALGA_PG_DIR"].map { $0.hasPrefix("/") ? $0 : Repository.root + "/" + $0 } ?? Repository.root + "/.run/pg"
        var env: [String: String] = [:]
        for line in try String(contentsOfFile: dir + "/env", encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return env
    }

    static func psql(_ url: String, _ sql: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        p.arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Failure(description: "psql failed: \(sql)") }
    }

    static func migrate(_ url: String) async throws {
        let logger = Logger(label: "extctl-tests", level: .warning, handler: InMemoryLogHandler())
        let pool = PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: 1, acquireTimeout: .seconds(20)),
                                logger: logger)
        defer { pool.close() }
        _ = try await Migrator(pool: pool, logger: logger).migrate(try Migration.load(directory: Repository.root + "/migrations"))
    }

    static func with(_ url: String, database: String) -> String {
        guard let slash = url.lastIndex(of: "/") else { return url }
        return String(url[...slash]) + database
    }
}
