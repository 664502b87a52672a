/// An HTTP request method, case-sensitive as RFC 9110 says (`GET`, not `get`).
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public static let get = HTTPMethod("GET")
    public static let head = HTTPMethod("HEAD")
    public static let post = HTTPMethod("POST")
    public static let put = HTTPMethod("PUT")
    public static let patch = HTTPMethod("PATCH")
    public static let delete = HTTPMethod("DELETE")
    public static let options = HTTPMethod("OPTIONS")

    /// The method as a metrics label: the standard methods by name, anything else as `other`,
    /// so a client cannot create unbounded label values.
    public var metricLabel: String {
        switch rawValue {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": rawValue
        default: "other"
        }
    }

    /// Interns the common methods so the hot path does not allocate a new string for them.
    init(cString p: UnsafePointer<CChar>) {
        // Each byte is read only after the previous one matched a non-NUL letter.
        if p[0] == 0x47, p[1] == 0x45, p[2] == 0x54, p[3] == 0 {
            self = .get
        } else if p[0] == 0x50, p[1] == 0x4F, p[2] == 0x53, p[3] == 0x54, p[4] == 0 {
            self = .post
        } else if p[0] == 0x48, p[1] == 0x45, p[2] == 0x41, p[3] == 0x44, p[4] == 0 {
            self = .head
        } else {
            self.init(String(cString: p))
        }
    }
}
