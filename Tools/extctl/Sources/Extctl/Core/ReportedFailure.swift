/// A failure whose result the command already printed (e.g. `invoke` printing a 4xx answer):
/// the CLI only sets the exit status and writes `message` to stderr.
struct ReportedFailure: Error {
    let status: ExitStatus
    let message: String
}
