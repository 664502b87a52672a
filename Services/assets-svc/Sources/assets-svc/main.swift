// assets-svc: serves extension UIs (/ext-ui/...). Endpoints and variables:
// Services/assets-svc/README.md and docs/config.md.
import Assets
import ServiceKit
import Shared

await ServiceMain.run(service: AssetsConfig.service) { env in
    let config = try AssetsConfig(environment: env)
    let logger = ServiceRuntime.logger(service: AssetsConfig.service, level: config.common.logLevel)
    logger.info("configuration", config.logFields)
    try await AssetsApp.runtime(config: config, logger: logger).group.run()
}
