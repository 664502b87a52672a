import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a process's services and shuts them down in order.
///
/// Services start in the order given. The group shuts down when a graceful-shutdown signal
/// arrives (SIGTERM, SIGINT by default), when `triggerShutdown()` is called, when the task
/// running `run()` is cancelled, or when any service returns or throws. Shutdown cancels the
/// services one at a time in **reverse** order and waits for each to return, so an HTTP server
/// listed last drains its in-flight requests before the worker pool it uses is stopped.
/// `run()` rethrows the first service failure (a `CancellationError` during shutdown is not one).
public final class ServiceGroup: Sendable {
    public struct Entry: Sendable {
        public var name: String
        public var service: any Service

        public init(_ name: String, _ service: any Service) {
            self.name = name
            self.service = service
        }
    }

    private let entries: [Entry]
    let signals: [Int32]
    let logger: Logger
    private let shutdown = OneShotEvent()
    private let failure = Mutex<(name: String, error: any Error)?>(nil)

    /// - Parameters:
    ///   - signals: signals that request a graceful shutdown; pass `[]` in tests so the test
    ///     process keeps its own signal dispositions.
    public init(_ entries: [Entry], signals: [Int32] = [SIGTERM, SIGINT], logger: Logger) {
        self.entries = entries
        self.signals = signals
        self.logger = logger
    }

    /// Requests a graceful shutdown (what a signal does); safe from any thread, idempotent.
    public func triggerShutdown() {
        if shutdown.fire() { logger.info("shutdown requested") }
    }

    public func run() async throws {
        let sources = installSignalHandlers()
        defer { for s in sources { s.cancel() } }

        var tasks: [Task<Void, Never>] = []
        for entry in entries {
            tasks.append(Task { [self] in
                do {
                    try await entry.service.run()
                    if !shutdown.hasFired { logger.notice("service returned early", ["service": .string(entry.name)]) }
                } catch is CancellationError where shutdown.hasFired {
                    // The expected way for a service to acknowledge shutdown.
                } catch {
                    logger.error("service failed", ["service": .string(entry.name), "error": .string("\(error)")])
                    failure.withLock { if $0 == nil { $0 = (entry.name, error) } }
                }
                triggerShutdown()
            })
        }

        await withTaskCancellationHandler {
            await shutdown.wait()
        } onCancel: {
            self.triggerShutdown()
        }

        for (entry, task) in zip(entries, tasks).reversed() {
            task.cancel()
            await task.value
            logger.info("service stopped", ["service": .string(entry.name)])
        }
        if let failed = failure.withLock({ $0 }) {
            throw ServiceGroupError(service: failed.name, underlying: failed.error)
        }
    }
}

/// A service of the group failed; `underlying` is what it threw.
public struct ServiceGroupError: Error, Sendable, CustomStringConvertible {
    public let service: String
    public let underlying: any Error

    public var description: String { "service \(service) failed: \(underlying)" }
}
