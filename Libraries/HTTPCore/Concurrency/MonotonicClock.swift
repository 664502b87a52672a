#if canImport(Glibc)
import Glibc
#endif

/// Cheap monotonic time for durations on the hot path (no Foundation).
enum MonotonicClock {
    @inline(__always) static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
