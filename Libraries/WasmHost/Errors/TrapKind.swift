/// The stable, machine-readable kind of a `Trap` (snake_case), e.g. `timeout` or `out_of_bounds`.
///
/// Kinds are values rather than enum cases, so new kinds never break a caller's exhaustive
/// switch. The guest-trap kinds come from Wasmtime's trap codes (see `TrapKind(code:)`);
/// host functions that stop the guest on purpose use `abiMisuse` or their own `host(_:)` kind.
public struct TrapKind: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    private init(unchecked rawValue: String) { self.rawValue = rawValue }

    /// A kind for a deliberate trap raised by a host function. `code` must be snake_case.
    public static func host(_ code: String) -> TrapKind {
        precondition(TrapKind.isSnakeCase(code), "BUG in TrapKind.host: '\(code)' is not snake_case")
        return TrapKind(unchecked: code)
    }

    public var description: String { rawValue }

    /// The epoch deadline passed (Wasmtime `INTERRUPT`).
    public static let timeout = TrapKind(unchecked: "timeout")
    /// The host stopped the execution through `StoreInterruptHandle` (e.g. the client left).
    public static let interrupted = TrapKind(unchecked: "interrupted")
    /// The store ran out of fuel (Wasmtime `OUT_OF_FUEL`).
    public static let fuelExhausted = TrapKind(unchecked: "fuel_exhausted")
    /// The wasm call stack exceeded the engine's `maxWasmStack`.
    public static let stackOverflow = TrapKind(unchecked: "stack_overflow")
    /// The guest executed `unreachable` (also how most languages abort/panic).
    public static let unreachable = TrapKind(unchecked: "unreachable")
    /// A memory, table or array access outside its bounds.
    public static let outOfBounds = TrapKind(unchecked: "out_of_bounds")
    /// A misaligned atomic access.
    public static let heapMisaligned = TrapKind(unchecked: "heap_misaligned")
    /// Signed integer overflow (e.g. `i32.div_s` of INT_MIN by -1).
    public static let integerOverflow = TrapKind(unchecked: "integer_overflow")
    /// Integer division or remainder by zero.
    public static let integerDivisionByZero = TrapKind(unchecked: "integer_division_by_zero")
    /// A float-to-integer conversion of NaN or an out-of-range value.
    public static let invalidConversionToInteger = TrapKind(unchecked: "invalid_conversion_to_integer")
    /// `call_indirect` through a null table entry.
    public static let indirectCallToNull = TrapKind(unchecked: "indirect_call_to_null")
    /// `call_indirect` to a function of another type.
    public static let indirectCallTypeMismatch = TrapKind(unchecked: "indirect_call_type_mismatch")
    /// A null reference was dereferenced (GC and function-references proposals).
    public static let nullReference = TrapKind(unchecked: "null_reference")
    /// The call failed while the store's memory was at its cap; see `Store` for the rule.
    public static let memoryLimit = TrapKind(unchecked: "memory_limit")
    /// A host function refused a call that breaks the guest ABI.
    public static let abiMisuse = TrapKind(unchecked: "abi_misuse")
    /// Any other guest trap (rarer Wasmtime codes, or a trap without a code).
    public static let guestTrap = TrapKind(unchecked: "guest_trap")

    static func isSnakeCase(_ s: String) -> Bool {
        guard let first = s.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else { return false }
        return s.utf8.allSatisfy { c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
                || c == UInt8(ascii: "_")
        }
    }
}
