import Alga

/// Error answers in the platform's shape: `{"error": {"code", "message"}}`.
enum Reply {
    static func error(_ response: inout Response, _ status: Int32, _ code: String, _ message: String) {
        response.status = status
        response.json(.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]))
    }
}
