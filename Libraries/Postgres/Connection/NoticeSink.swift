import Shared

/// Routes server notices (NOTICE, WARNING outside errors) to the logger at debug level instead of
/// libpq's default of printing them to stderr.
final class NoticeSink {
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func receive(_ message: UnsafePointer<CChar>) {
        let text = String(cString: message).trimmingSuffix("\n")
        logger.debug("postgres notice", ["db.notice": .string(text)])
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
