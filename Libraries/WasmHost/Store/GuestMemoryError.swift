/// Why a host-side access to guest memory was refused. Host functions turn these into negative
/// return codes for the guest; they are never traps by themselves.
public enum GuestMemoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The instance exports no linear memory.
    case noMemory
    /// `offset + count` lies beyond the memory's current size.
    case outOfBounds(offset: UInt64, count: UInt64, memorySize: Int)

    public var description: String {
        switch self {
        case .noMemory: "the guest exports no memory"
        case .outOfBounds(let offset, let count, let size):
            "guest memory range [\(offset), \(offset) + \(count)) is outside its \(size) bytes"
        }
    }
}
