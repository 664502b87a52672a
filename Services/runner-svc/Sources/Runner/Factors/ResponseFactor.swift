import WasmHost

/// `response.set_status`, `response.add_header`, `response.write`, `response.finish` (§4.2):
/// always available.
struct ResponseFactor: HostFactor {
    var capability: String? { nil }

    var imports: [HostImport] {
        [
            HostImport("response.set_status", [.i32], capability: nil) { state, _, args throws(GuestCallError) in
                try state.response.setStatus(args.i32(0))
                return .i32(0)
            },
            HostImport("response.add_header", [.i32, .i32, .i32, .i32], capability: nil) {
                state, caller, args throws(GuestCallError) in
                let limits = state.limits
                let name = try HeaderRules.name(caller.guestBytes(args.u32(0), args.u32(1), "header name"),
                                                maxBytes: limits.headerNameBytes)
                // An oversized value is only range-checked: its bytes are never copied.
                let oversized = args.u32(3) > UInt32(limits.headerValueBytes)
                if oversized { try caller.requireRange(args.u32(2), args.u32(3), "header value") }
                let value = oversized ? "" : try HeaderRules.value(caller.guestBytes(args.u32(2), args.u32(3), "header value"))
                if HeaderRules.isHostOwnedResponseHeader(name) {
                    throw GuestCallError(.forbidden, "response header '\(name)' is owned by the host")
                }
                guard state.response.phase == .head else {
                    throw GuestCallError(.invalidState, "headers cannot be added once the body has started")
                }
                guard !oversized else {
                    throw GuestCallError(.tooLarge, "header value of \(args.u32(3)) bytes exceeds \(limits.headerValueBytes)")
                }
                try state.response.addHeader(name: name, value: value)
                return .i32(0)
            },
            HostImport("response.write", [.i32, .i32], capability: nil) { state, caller, args throws(GuestCallError) in
                let (ptr, len) = (args.u32(0), args.u32(1))
                try caller.requireRange(ptr, len, "body")
                try state.response.write(Int(len)) { () throws(GuestCallError) in try caller.guestBytes(ptr, len, "body") }
                return .i32(0)
            },
            HostImport("response.finish", [], capability: nil) { state, _, _ throws(GuestCallError) in
                try state.response.finish()
                return .i32(0)
            },
        ]
    }
}
