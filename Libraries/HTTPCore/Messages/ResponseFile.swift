import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An open file descriptor and a byte range to send as a response body.
///
/// Ownership: the `ResponseFile` owns `fd` from `init` on. When the server sends it, ownership
/// moves to libmicrohttpd, which closes the descriptor after the response; if nobody takes it,
/// `deinit` closes it. Handlers never close `fd` themselves after creating a `ResponseFile`.
public final class ResponseFile: Sendable {
    public let offset: UInt64
    public let length: UInt64
    private let descriptor: Atomic<Int32>

    public init(fd: Int32, offset: UInt64 = 0, length: UInt64) {
        self.descriptor = Atomic(fd)
        self.offset = offset
        self.length = length
    }

    /// Moves the descriptor out; -1 if it was already taken.
    func take() -> Int32 { descriptor.exchange(-1, ordering: .acquiringAndReleasing) }

    deinit {
        let fd = descriptor.load(ordering: .acquiring)
        if fd >= 0 { close(fd) }
    }
}
