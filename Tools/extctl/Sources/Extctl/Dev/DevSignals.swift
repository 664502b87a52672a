import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM stop the runner child (by pid) before `extctl dev` exits.
enum DevSignals {
    nonisolated(unsafe) static var sources: [any DispatchSourceSignal] = []

    static func install(stopping runner: RunnerChild) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                runner.stop()
                exit(0)
            }
            source.resume()
            sources.append(source)
        }
    }
}
