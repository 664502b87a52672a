import Bundle
import WasmHost

/// `context.get` (§4.5), capability `context.read`: the request's context and user as JSON.
struct ContextFactor: HostFactor {
    var capability: String? { Capability.contextRead.rawValue }

    var imports: [HostImport] {
        [
            HostImport("context.get", [], capability: capability) { state, _, _ throws(GuestCallError) in
                .i32(try state.results.open(RequestHead.context(state.request)))
            },
        ]
    }
}
