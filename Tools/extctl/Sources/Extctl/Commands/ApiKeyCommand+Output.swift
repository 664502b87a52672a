import Foundation
import Shared

/// The `api-key list` table and the `--expires` value.
extension ApiKeyCommand {
    /// One line per key: id, prefix, name, scopes, created, last used, expiry and status
    /// (active, expired or revoked). The key itself is not in the registry's listing.
    static func table(_ items: [JSONValue], now: Date) -> String {
        guard !items.isEmpty else { return "no API keys" }
        let header = ["id", "prefix", "name", "scopes", "created_at", "last_used_at", "expires_at", "status"]
        var rows = [header]
        for item in items {
            let scopes = item["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            rows.append([item["id"]?.stringValue ?? "-", item["key_prefix"]?.stringValue ?? "-", item["name"]?.stringValue ?? "-",
                         scopes.isEmpty ? "(all)" : scopes.joined(separator: ","), item["created_at"]?.stringValue ?? "-",
                         item["last_used_at"]?.stringValue ?? "-", item["expires_at"]?.stringValue ?? "-", status(item, now: now)])
        }
        return CatalogCommand.columns(rows)
    }

    static func status(_ item: JSONValue, now: Date) -> String {
        if let revoked = item["revoked_at"]?.stringValue { return "revoked " + revoked }
        if let text = item["expires_at"]?.stringValue, let expires = parseTime(text), expires <= now { return "expired" }
        return "active"
    }

    /// `--expires`: an RFC 3339 time as given, or `Nd`/`Nh`/`Nm` from `now` in UTC.
    static func expiry(_ text: String, now: Date, _ context: CommandContext) throws(AppError) -> String {
        if parseTime(text) != nil { return text }
        let units: [Character: Double] = ["d": 86_400, "h": 3_600, "m": 60]
        guard let unit = text.last, let seconds = units[unit], let n = Int(text.dropLast()), (1...36_500 * 24 * 60).contains(n) else {
            throw context.usage("--expires takes an RFC 3339 time (2030-01-31T00:00:00Z) or a duration (30d, 12h, 90m)")
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: now.addingTimeInterval(Double(n) * seconds))
    }

    static func parseTime(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
