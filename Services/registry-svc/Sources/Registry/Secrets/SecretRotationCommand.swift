import Postgres
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// `registry-svc rotate-secrets [--check] [--batch N]`: runs `SecretRotation` with the
/// registry's own configuration (`DATABASE_URL`, `SECRETS_KEK_FILE`) and prints its report as
/// one JSON line on standard output (ids and counts only). Fails (exit 1) when a secret could
/// not be rotated, or, with `--check`, when secrets under older key versions remain — so a
/// script retires an old key only after a clean run.
public enum SecretRotationCommand {
    public static let name = "rotate-secrets"

    public static func run(arguments: [String], environment env: Environment, logger: Logger) async throws {
        var checkOnly = false
        var batch = 500
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--check": checkOnly = true
            case "--batch":
                guard let n = rest.popFirst().flatMap(Int.init), (1...10_000).contains(n) else {
                    throw ConfigError(variable: "--batch", reason: "must be followed by an integer between 1 and 10000")
                }
                batch = n
            default:
                throw ConfigError(variable: argument, reason: "unknown argument; usage: registry-svc rotate-secrets [--check] [--batch N]")
            }
        }
        let config = try RegistryConfig(environment: env)
        guard var postgres = config.postgres else {
            throw ConfigError(variable: "DATABASE_URL", reason: "is required by rotate-secrets")
        }
        guard let keyFile = config.secretsKeyFile else {
            throw ConfigError(variable: "SECRETS_KEK_FILE", reason: "is required by rotate-secrets")
        }
        postgres.maxConnections = 2
        postgres.applicationName = RegistryConfig.service + "-rotate-secrets"
        let pool = PostgresPool(configuration: postgres, logger: logger)
        defer { pool.close() }
        let report = try await SecretRotation(pool: pool, keyFile: keyFile, batch: batch).run(checkOnly: checkOnly)
        var line = report.json.jsonText
        line.append("\n")
        _ = line.withCString { write(1, $0, strlen($0)) }
        logger.info("secret rotation finished", ["secrets.key_version": .int(Int64(report.keyVersion)),
                                                 "secrets.rotated": .int(Int64(report.rotated)),
                                                 "secrets.failed": .int(Int64(report.failures.count)),
                                                 "secrets.remaining": .int(Int64(report.remaining))])
        if !report.failures.isEmpty {
            throw AppError(.secretUndecryptable, status: 500, "\(report.failures.count) secrets could not be rotated")
        }
        if checkOnly && report.remaining > 0 {
            throw AppError(.conflict, status: 409, "\(report.remaining) secrets are still under an older key version")
        }
    }
}
