// runner-svc: executes extension handlers (POST /v1/execute). Endpoints and variables:
// Services/runner-svc/README.md and docs/config.md.
import Runner
import ServiceKit
import Shared

ProcessMemory.configure()
await ServiceMain.run(service: RunnerConfig.service) { env in
    let config = try RunnerConfig(environment: env)
    let logger = ServiceRuntime.logger(service: RunnerConfig.service, level: config.common.logLevel)
    logger.info("configuration", config.logFields)
    if config.serviceTokenFile == nil {
        logger.warning("SERVICE_TOKEN_FILE is not set: every POST /v1/execute is refused with 401")
    }
    let runtime = try RunnerApp.runtime(config: config, logger: logger)
    try await runtime.group.run()
}
