import Dispatch

#if canImport(Glibc)
import Glibc
#endif

extension ServiceGroup {
    /// Routes each configured signal to `triggerShutdown()` through a DispatchSource (the
    /// signal's default action is disabled first so it no longer terminates the process).
    func installSignalHandlers() -> [any DispatchSourceSignal] {
        signalNames(signals).map { sig, name in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                logger.info("signal received", ["signal": .string(name)])
                triggerShutdown()
            }
            source.resume()
            return source
        }
    }

    private func signalNames(_ signals: [Int32]) -> [(Int32, String)] {
        signals.map { sig in
            switch sig {
            case SIGTERM: (sig, "SIGTERM")
            case SIGINT: (sig, "SIGINT")
            case SIGHUP: (sig, "SIGHUP")
            case SIGQUIT: (sig, "SIGQUIT")
            default: (sig, "signal \(sig)")
            }
        }
    }
}
