/// Renders the uniform error body `{"error":{"code","message","request_id"}}`.
public enum ErrorBody {
    public static func json(code: ErrorCode, message: String, requestID: String) -> String {
        var out = "{\"error\":{\"code\":"
        JSONString.append(code.rawValue, to: &out)
        out += ",\"message\":"
        JSONString.append(message, to: &out)
        out += ",\"request_id\":"
        JSONString.append(requestID, to: &out)
        out += "}}"
        return out
    }

    public static func json(_ error: AppError, requestID: String) -> String {
        json(code: error.code, message: error.message, requestID: requestID)
    }
}

/// Minimal JSON string escaping for hand-written JSON on hot paths (logs, error bodies).
public enum JSONString {
    public static func append(_ s: String, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    out.append("\\u")
                    let hex = String(scalar.value, radix: 16)
                    out.append(String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        append(s, to: &out)
        return out
    }
}
