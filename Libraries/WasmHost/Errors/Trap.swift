/// The guest stopped abnormally: a WebAssembly trap, a deadline or fuel running out, or a host
/// function stopping it on purpose.
///
/// Traps are about the guest; `WasmtimeError` is about the host (bad input bytes, link errors,
/// pool exhaustion, API misuse). A trap ends the call that raised it, never the process, and the
/// store stays usable for inspection (`Store.usage`) until it is released.
///
/// Equality compares `kind` only, so tests can write `#expect(throws: Trap(.timeout))`.
public struct Trap: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable kind, e.g. `timeout`, `fuel_exhausted`, `out_of_bounds`, `memory_limit`.
    public var kind: TrapKind
    /// One line, e.g. "wasm trap: out of bounds memory access", or the host function's message.
    public var message: String
    /// Wasmtime's numeric trap code when the library reported one.
    public var trapCode: UInt8?
    /// When the trap was reclassified as `memory_limit`, the kind that actually stopped the guest.
    public var underlyingKind: TrapKind?
    /// The library's full text (including the wasm backtrace), for logs only.
    public var details: String

    /// A trap raised by a host function; the guest is stopped and the caller sees this value.
    public init(_ kind: TrapKind, _ message: String = "") {
        self.init(kind: kind, message: message, trapCode: nil, underlyingKind: nil, details: message)
    }

    init(kind: TrapKind, message: String, trapCode: UInt8?, underlyingKind: TrapKind?, details: String) {
        self.kind = kind
        self.message = message
        self.trapCode = trapCode
        self.underlyingKind = underlyingKind
        self.details = details
    }

    /// The stable code, `kind.rawValue`.
    public var code: String { kind.rawValue }

    public static func == (lhs: Trap, rhs: Trap) -> Bool { lhs.kind == rhs.kind }

    public var description: String {
        var s = "trap \(kind.rawValue): \(message)"
        if let underlyingKind { s += " (after \(underlyingKind.rawValue))" }
        return s
    }
}
