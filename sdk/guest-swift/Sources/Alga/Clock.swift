/// The host's clocks (always available; granularity between 1 µs and 1 ms).
public enum Clock {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public static var wallNanoseconds: Int64 { alga_clock_wall_ns() }

    /// Nanoseconds since a point fixed for this execution; never decreases.
    public static var monotonicNanoseconds: Int64 { alga_clock_monotonic_ns() }
}
