import WasmHost

/// `result.len`, `result.read`, `result.free` (§3.3, §4.3) and `error.last` (§4.4): always available.
struct ResultFactor: HostFactor {
    var capability: String? { nil }

    var imports: [HostImport] {
        [
            HostImport("result.len", [.i32], capability: nil) { state, _, args throws(GuestCallError) in
                .i32(Int32(clamping: try state.results.bytes(args.i32(0)).count))
            },
            HostImport("result.read", [.i32, .i32, .i32, .i32], capability: nil) { state, caller, args throws(GuestCallError) in
                let bytes = try state.results.bytes(args.i32(0))
                let offset = args.i32(1)
                guard offset >= 0, Int(offset) <= bytes.count else {
                    throw GuestCallError(.invalidArgument, "offset \(offset) is outside the result's \(bytes.count) bytes")
                }
                let n = min(Int(args.u32(3)), bytes.count - Int(offset))
                try caller.requireRange(args.u32(2), UInt32(n), "destination")
                if n > 0 { try caller.guestWrite(bytes[Int(offset)..<(Int(offset) + n)], at: args.u32(2), "destination") }
                return .i32(Int32(n))
            },
            HostImport("result.free", [.i32], capability: nil) { state, _, args throws(GuestCallError) in
                try state.results.free(args.i32(0))
                return .i32(0)
            },
            HostImport("error.last", [], capability: nil, recordsFailures: false) { state, _, _ throws(GuestCallError) in
                guard let text = state.lastError else {
                    throw GuestCallError(.notFound, "no call has failed")
                }
                return .i32(try state.results.open(Array(text.utf8)))
            },
        ]
    }
}
