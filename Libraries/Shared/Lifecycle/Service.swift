/// A long-running part of a process: an HTTP server, a worker pool, a background poller.
///
/// `run()` does the work until it is finished or until the calling task is cancelled;
/// cancellation means "shut down gracefully": stop taking new work, finish what is in flight
/// within the service's own bounded grace period, release resources and return. Throwing
/// (other than `CancellationError` during shutdown) reports a failure to the `ServiceGroup`,
/// which then shuts the other services down and makes the process exit non-zero.
public protocol Service: Sendable {
    func run() async throws
}
