// registry-svc: publish, list and install extensions. Endpoints and variables:
// Services/registry-svc/README.md and docs/config.md.
// `registry-svc rotate-secrets [--check] [--batch N]` re-encrypts install secrets under the
// newest key-encryption key instead (docs/capabilities.md).
import Registry
import ServiceKit
import Shared

if CommandLine.arguments.count > 1, CommandLine.arguments[1] == SecretRotationCommand.name {
    await ServiceMain.run(service: RegistryConfig.service) { env in
        let logger = Logger(label: RegistryConfig.service, handler: JSONLinesLogHandler(fileDescriptor: 2))
        try await SecretRotationCommand.run(arguments: Array(CommandLine.arguments.dropFirst(2)), environment: env, logger: logger)
    }
}
await ServiceMain.run(service: RegistryConfig.service) { env in
    let config = try RegistryConfig(environment: env)
    let logger = ServiceRuntime.logger(service: RegistryConfig.service, level: config.common.logLevel)
    logger.info("configuration", config.logFields)
    try await RegistryApp.runtime(config: config, logger: logger).group.run()
}
