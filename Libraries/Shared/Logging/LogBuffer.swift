#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer written through a raw pointer: each append is one capacity check and
/// a copy, cheaper than `[UInt8]`'s uniqueness and growth bookkeeping on the logging hot path.
/// Not thread-safe: `LogSink` guards its buffer with a lock, other users own theirs. The
/// properties opt out of dynamic exclusivity checks (each check costs more than the append it
/// guards); no method hands out an inout reference to them.
package final class LogBuffer {
    @exclusivity(unchecked) package private(set) var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) package private(set) var capacity: Int
    @exclusivity(unchecked) package private(set) var count = 0

    package init(capacity: Int) {
        self.capacity = max(capacity, 64)
        guard let p = malloc(self.capacity)?.assumingMemoryBound(to: UInt8.self) else {
            preconditionFailure("BUG in LogBuffer: out of memory")
        }
        base = p
    }

    deinit { free(base) }

    @inline(__always) package func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private func grow(_ needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        guard let p = realloc(base, newCapacity)?.assumingMemoryBound(to: UInt8.self) else {
            preconditionFailure("BUG in LogBuffer: out of memory")
        }
        base = p
        capacity = newCapacity
    }

    @inline(__always) package func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always) package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let src = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (base + count).update(from: src, count: bytes.count)
        count += bytes.count
    }

    @inline(__always) package func appendLiteral(_ literal: StaticString) {
        literal.withUTF8Buffer { append($0) }
    }

    package func append(_ s: String) {
        if s.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var copy = s
            copy.withUTF8 { append($0) }
        }
    }

    package func removeAll() { count = 0 }

    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
}
