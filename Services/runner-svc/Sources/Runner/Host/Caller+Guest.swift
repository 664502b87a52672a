import WasmHost

/// Guest-memory access for import bodies: every pointer and length is validated first and a bad
/// range becomes `invalid_argument` (docs/guest-abi.md §3.1), never a trap.
extension Caller {
    /// A copy of the guest's bytes `[ptr, ptr + len)`; `len == 0` ignores `ptr`.
    func guestBytes(_ ptr: UInt32, _ len: UInt32, _ what: String) throws(GuestCallError) -> [UInt8] {
        if len == 0 { return [] }
        do {
            return try read(at: ptr, count: Int(len))
        } catch {
            throw GuestCallError(.invalidArgument, "\(what) range [\(ptr), \(ptr) + \(len)) is outside guest memory")
        }
    }

    /// The guest's bytes `[ptr, ptr + len)` as valid UTF-8 text.
    func guestText(_ ptr: UInt32, _ len: UInt32, _ what: String) throws(GuestCallError) -> String {
        let bytes = try guestBytes(ptr, len, what)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw GuestCallError(.invalidArgument, "\(what) is not valid UTF-8")
        }
        return text
    }

    /// Checks that `[ptr, ptr + len)` lies inside guest memory (before any side effect).
    func requireRange(_ ptr: UInt32, _ len: UInt32, _ what: String) throws(GuestCallError) {
        if len == 0 { return }
        guard UInt64(ptr) + UInt64(len) <= UInt64(memorySize) else {
            throw GuestCallError(.invalidArgument, "\(what) range [\(ptr), \(ptr) + \(len)) is outside guest memory")
        }
    }

    /// Writes `bytes` at `ptr` (the range must have been checked with `requireRange`).
    func guestWrite(_ bytes: some Collection<UInt8>, at ptr: UInt32, _ what: String) throws(GuestCallError) {
        do {
            try write(bytes, at: ptr)
        } catch {
            throw GuestCallError(.invalidArgument, "\(what) range at \(ptr) is outside guest memory")
        }
    }
}
