import Shared
import WasmHost

#if canImport(Glibc)
import Glibc
#endif

/// `clock.wall_ns`, `clock.monotonic_ns`, `random.fill` (§4.6): always available. Clocks are
/// coarsened to 1 µs.
struct ClockFactor: HostFactor {
    var capability: String? { nil }

    var imports: [HostImport] {
        [
            HostImport("clock.wall_ns", [], .i64, capability: nil) { _, _, _ throws(GuestCallError) in
                var ts = timespec()
                clock_gettime(CLOCK_REALTIME, &ts)
                return .i64(Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec) / 1000 * 1000)
            },
            HostImport("clock.monotonic_ns", [], .i64, capability: nil) { state, _, _ throws(GuestCallError) in
                let elapsed = CPUClock.monotonicNanoseconds() &- state.monotonicStart
                return .i64(Int64(elapsed / 1000 * 1000))
            },
            HostImport("random.fill", [.i32, .i32], capability: nil) { state, caller, args throws(GuestCallError) in
                let (ptr, len) = (args.u32(0), args.u32(1))
                try caller.requireRange(ptr, len, "destination")
                guard len <= UInt32(state.limits.randomBytesPerCall) else {
                    throw GuestCallError(.tooLarge, "\(len) bytes requested, at most \(state.limits.randomBytesPerCall) per call")
                }
                if len > 0 { try caller.guestWrite(SecureRandom.bytes(Int(len)), at: ptr, "destination") }
                return .i32(0)
            },
        ]
    }
}
