/// A failure on the host side of WebAssembly: input bytes that are not a valid module, a module
/// whose imports cannot be linked, a pool or store limit reached at instantiation, or API misuse
/// (wrong argument types, a missing export). Guest traps are `Trap`, never this type.
///
/// Equality compares `kind` only.
public struct WasmtimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable kind, e.g. `invalid_module`, `link_error`, `pool_exhausted`.
    public var kind: Kind
    /// One line naming the reason (the library's root cause where there is one).
    public var message: String
    /// The library's full text, for logs only.
    public var details: String

    public init(_ kind: Kind, _ message: String, details: String? = nil) {
        self.kind = kind
        self.message = message
        self.details = details ?? message
    }

    /// The stable code, `kind.rawValue`.
    public var code: String { kind.rawValue }

    public static func == (lhs: WasmtimeError, rhs: WasmtimeError) -> Bool { lhs.kind == rhs.kind }

    public var description: String { "\(kind.rawValue): \(message)" }
}
