import HTTPCore
import Shared

/// JSON answers of the registry API.
enum JSONResponse {
    static func make(_ object: JSONObject, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.bytes(JSONValue.object(object).encoded(), status: status, contentType: "application/json")
        response.headers.set("cache-control", "no-store")
        return response
    }

    /// A page of items with the cursor of the next page (`null` on the last one).
    static func page(_ items: [JSONValue], next: String?, key: String = "items") -> HTTPResponse {
        var object = JSONObject()
        object[key] = .array(items)
        object["next_cursor"] = next.map { .string($0) } ?? .null
        return make(object)
    }
}

extension JSONValue {
    static func optional(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
    static func int(_ n: Int64) -> JSONValue { .number(JSONNumber(n)) }
    static func int(_ n: Int) -> JSONValue { .number(JSONNumber(n)) }
    static func optionalInt(_ n: Int64?) -> JSONValue { n.map { .int($0) } ?? .null }
    static func time(_ t: Timestamp?) -> JSONValue { t.map { .string($0.text) } ?? .null }
    static func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }

    /// A JSON document stored in the database (jsonb read as text); `fallback` if it does not parse.
    static func stored(_ text: String?, fallback: JSONValue = .null) -> JSONValue {
        guard let text, let value = try? JSONValue.parse(text, limits: JSONLimits(maxBytes: 4 << 20, maxDepth: 64)) else {
            return fallback
        }
        return value
    }
}
