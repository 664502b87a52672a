import Foundation
import Shared

/// Where a command writes. Results go to stdout (text, or one JSON document with `--json`);
/// progress lines and errors go to stderr, so `--json` output stays parseable.
public struct Console: Sendable {
    public var json: Bool
    public var quiet: Bool
    let writeOut: @Sendable (String) -> Void
    let writeErr: @Sendable (String) -> Void

    public init(json: Bool = false, quiet: Bool = false, out: @escaping @Sendable (String) -> Void,
                err: @escaping @Sendable (String) -> Void) {
        self.json = json
        self.quiet = quiet
        self.writeOut = out
        self.writeErr = err
    }

    /// The process's stdout and stderr.
    public static func standard() -> Console {
        Console(out: { FileHandle.standardOutput.write(Data($0.utf8)) }, err: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    /// A progress line on stderr (`[extctl] ...`), unless `--quiet`.
    public func progress(_ message: String) {
        guard !quiet else { return }
        writeErr("[extctl] \(message)\n")
    }

    /// The command's result: `text` for people, `json` with `--json`.
    public func result(_ text: @autoclosure () -> String, json value: @autoclosure () -> JSONValue) {
        if json {
            writeOut(JSONPretty.format(value()) + "\n")
        } else {
            let t = text()
            if !t.isEmpty { writeOut(t.hasSuffix("\n") ? t : t + "\n") }
        }
    }

    /// A line on stderr, even with `--quiet`.
    public func note(_ text: String) { writeErr(text + "\n") }

    /// Plain text on stdout (help).
    public func print(_ text: String) { writeOut(text.hasSuffix("\n") ? text : text + "\n") }

    /// An error on stderr; with `--json`, also the error document on stdout.
    public func error(_ error: AppError, exit: ExitStatus) {
        var body: JSONObject = ["code": .string(error.code.rawValue), "message": .string(error.message),
                                "exit_code": .number(JSONNumber(Int64(exit.rawValue)))]
        if let remote = error.cause as? RemoteFailure {
            body["http_status"] = .number(JSONNumber(Int64(remote.status)))
            if let id = remote.requestID { body["request_id"] = .string(id) }
        }
        if json { writeOut(JSONPretty.format(.object(["error": .object(body)])) + "\n") }
        writeErr("extctl: error: \(error.code.rawValue): \(error.message)\n")
    }
}
