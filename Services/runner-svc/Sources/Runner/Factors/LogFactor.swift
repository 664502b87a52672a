import Bundle
import Shared
import WasmHost

/// `log.write` (§4.7), capability `log`: guest log lines go to the runner's log with request id,
/// tenant, extension and install attached; messages over 4096 bytes are cut at a UTF-8 boundary
/// and the execution's log bytes are capped (then one `log limit reached` entry).
struct LogFactor: HostFactor {
    var capability: String? { Capability.log.rawValue }

    var imports: [HostImport] {
        [
            HostImport("log.write", [.i32, .i32, .i32], capability: capability) { state, caller, args throws(GuestCallError) in
                let level = args.i32(0)
                let (ptr, len) = (args.u32(1), args.u32(2))
                try caller.requireRange(ptr, len, "message")
                guard (0...3).contains(level) else { throw GuestCallError(.invalidArgument, "level \(level) is outside 0...3") }
                let limits = state.limits
                let keep = min(Int(len), limits.logMessageBytes)
                let bytes = try caller.guestBytes(ptr, UInt32(min(Int(len), keep + 1)), "message")
                let text = try LogFactor.truncatedText(bytes, keep: keep)
                let size = text.utf8.count
                guard state.logBytes + size <= limits.logBytes else {
                    if !state.logLimitNoted {
                        state.logLimitNoted = true
                        state.guestLogger.warning("log limit reached", ["ext.log_bytes": .int(Int64(state.logBytes))])
                    }
                    throw GuestCallError(.limitExceeded, "the execution's \(limits.logBytes) log bytes are used")
                }
                state.logBytes += size
                let levels: [LogLevel] = [.debug, .info, .warning, .error]
                state.guestLogger.log(levels[Int(level)], text, ["ext.log": .bool(true)])
                LogFactor.keep(text, level: Int(level), in: state)
                return .i32(size < Int(len) ? 1 : 0)
            },
        ]
    }

    static let levelNames = ["debug", "info", "warning", "error"]

    /// Adds the line to those returned with the response while they stay within `GuestLogLine`'s bounds.
    static func keep(_ text: String, level: Int, in state: ExecutionState) {
        guard state.returnedLogs.count < GuestLogLine.maxLines else { return }
        var message = text
        if message.utf8.count > GuestLogLine.maxMessageBytes {
            let bytes = Array(message.utf8.prefix(GuestLogLine.maxMessageBytes + 1))
            message = (try? truncatedText(bytes, keep: GuestLogLine.maxMessageBytes)) ?? ""
        }
        guard state.returnedLogBytes + message.utf8.count <= GuestLogLine.maxReturnedBytes else { return }
        state.returnedLogBytes += message.utf8.count
        state.returnedLogs.append(GuestLogLine(level: levelNames[level], message: message))
    }

    /// The message, cut to at most `keep` bytes at a scalar boundary when `bytes` is longer
    /// (`bytes` holds at most `keep + 1` bytes: one more shows whether the cut splits a scalar).
    static func truncatedText(_ bytes: [UInt8], keep: Int) throws(GuestCallError) -> String {
        var end = bytes.count
        if bytes.count > keep {
            end = keep
            while end > 0, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        }
        guard let text = String(validating: bytes[0..<end], as: UTF8.self) else {
            throw GuestCallError(.invalidArgument, "message is not valid UTF-8")
        }
        return text
    }
}
