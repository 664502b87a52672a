import HTTPCore

/// The console's session cookie: `alga_console=<id>; Path=/console; HttpOnly; SameSite=Strict`
/// (+ `Secure` over TLS). SameSite=Strict keeps it off every cross-site request; the CSRF
/// header check (`ConsoleGuard`) is the second lock.
enum ConsoleCookie {
    static let name = "alga_console"

    /// The session id from the request's `Cookie` headers; nil when absent or sent twice.
    static func sessionID(_ request: HTTPRequest) -> String? {
        var found: [String] = []
        for header in request.headers.values("cookie") {
            for pair in header.split(separator: ";") {
                let trimmed = pair.drop { $0 == " " }
                guard let eq = trimmed.firstIndex(of: "="), trimmed[..<eq] == name else { continue }
                found.append(String(trimmed[trimmed.index(after: eq)...]))
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    static func set(_ id: String, maxAgeSeconds: Int64, secure: Bool) -> String {
        "\(name)=\(id); Path=/console; Max-Age=\(max(maxAgeSeconds, 0)); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func clear(secure: Bool) -> String {
        "\(name)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
