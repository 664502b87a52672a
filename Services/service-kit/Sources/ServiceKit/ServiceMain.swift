import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Process entry for the services: exit 0 after a clean shutdown, 2 for a configuration error
/// (the message names the variable), 1 for any other failure.
public enum ServiceMain {
    public static func run(service: String, _ body: (Environment) async throws -> Void) async -> Never {
        let env = Environment.process
        do {
            try await body(env)
            exit(0)
        } catch let error as ConfigError {
            ServiceRuntime.logger(service: service, level: .info)
                .critical("invalid configuration", ["error": .string(error.description), "config.variable": .string(error.variable)])
            exit(2)
        } catch {
            ServiceRuntime.logger(service: service, level: .info)
                .critical("exiting after failure", ["error": .string(String(describing: error))])
            exit(1)
        }
    }
}
