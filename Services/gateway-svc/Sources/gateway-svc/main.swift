// gateway-svc: the public extension API (/api/ext/...). Endpoints and variables:
// Services/gateway-svc/README.md and docs/config.md.
import Gateway
import ServiceKit
import Shared

await ServiceMain.run(service: GatewayConfig.service) { env in
    let config = try GatewayConfig(environment: env)
    let logger = ServiceRuntime.logger(service: GatewayConfig.service, level: config.common.logLevel)
    logger.info("configuration", config.logFields)
    try await GatewayApp.runtime(config: config, logger: logger).group.run()
}
