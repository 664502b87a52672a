import HTTPCore
import Shared

/// A request body that must be one JSON object with known members. Every accessor throws 400
/// `bad_request` naming the field and the reason; unknown members are refused, so a typo never
/// silently means "default".
struct JSONBody: Sendable {
    let object: JSONObject

    /// Bodies of the admin API are small; larger is 413 `payload_too_large`.
    static let maxBytes = 256 << 10

    /// Parses the body of `request` (an empty body is the empty object). Members outside
    /// `allowed` are refused.
    init(_ request: HTTPRequest, allowed: Set<String>) throws {
        let bytes = try request.body.readAll()
        if bytes.isEmpty {
            object = JSONObject()
            return
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes, limits: JSONLimits(maxBytes: Self.maxBytes, maxDepth: 32))
        } catch {
            throw JSONError.from(error)?.appError ?? AppError.badRequest("request body is not valid JSON")
        }
        guard let object = value.objectValue else { throw AppError.badRequest("request body must be a JSON object") }
        for key in object.keys where !allowed.contains(key) {
            throw AppError.badRequest("\(Self.quote(key)): unknown field")
        }
        self.object = object
    }

    init(object: JSONObject) { self.object = object }

    func has(_ key: String) -> Bool { object[key] != nil }

    /// The member's value unless absent or `null`.
    func value(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    func string(_ key: String) throws(AppError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.stringValue else { throw Self.wrongType(key, "a string") }
        return s
    }

    func requiredString(_ key: String) throws(AppError) -> String {
        guard let s = try string(key) else { throw AppError.badRequest("\(key): required") }
        return s
    }

    func bool(_ key: String) throws(AppError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.boolValue else { throw Self.wrongType(key, "true or false") }
        return b
    }

    func int(_ key: String, in range: ClosedRange<Int64>) throws(AppError) -> Int64? {
        guard let v = value(key) else { return nil }
        guard let n = v.numberValue?.int64Value else { throw Self.wrongType(key, "an integer") }
        guard range.contains(n) else {
            throw AppError.badRequest("\(key): must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return n
    }

    func strings(_ key: String, maxCount: Int) throws(AppError) -> [String]? {
        guard let v = value(key) else { return nil }
        guard let items = v.arrayValue else { throw Self.wrongType(key, "an array of strings") }
        guard items.count <= maxCount else { throw AppError.badRequest("\(key): at most \(maxCount) items") }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.stringValue else { throw Self.wrongType("\(key)[\(i)]", "a string") }
            out.append(s)
        }
        return out
    }

    func object(_ key: String) throws(AppError) -> JSONObject? {
        guard let v = value(key) else { return nil }
        guard let o = v.objectValue else { throw Self.wrongType(key, "an object") }
        return o
    }

    /// A member that is an RFC 3339 UTC time with whole seconds (`2026-03-01T10:15:00Z`).
    func time(_ key: String) throws(AppError) -> Timestamp? {
        guard let s = try string(key) else { return nil }
        guard let t = Timestamp(parsing: s) else {
            throw AppError.badRequest("\(key): must be a UTC time like 2026-03-01T10:15:00Z")
        }
        return t
    }

    static func wrongType(_ key: String, _ expected: String) -> AppError {
        AppError.badRequest("\(key): must be \(expected)")
    }

    /// Field names from the client are echoed quoted and cut short, never raw.
    static func quote(_ key: String) -> String {
        JSONValue.string(String(key.prefix(64))).jsonText
    }
}
