// registry-svc: publish, list and install extensions. Endpoints and variables:
// Services/registry-svc/README.md and docs/config.md.
import Registry
import ServiceKit
import Shared

await ServiceMain.run(service: RegistryConfig.service) { env in
    let config = try RegistryConfig(environment: env)
    let logger = ServiceRuntime.logger(service: RegistryConfig.service, level: config.common.logLevel)
    logger.info("configuration", config.logFields)
    try await RegistryApp.runtime(config: config, logger: logger).group.run()
}
