import Shared
import WasmHost

/// `request.head`, `request.body` (docs/guest-abi.md §4.1): always available.
struct RequestFactor: HostFactor {
    var capability: String? { nil }

    var imports: [HostImport] {
        [
            HostImport("request.head", [], capability: nil) { state, _, _ throws(GuestCallError) in
                .i32(try state.results.open(state.requestHead))
            },
            HostImport("request.body", [], capability: nil) { state, _, _ throws(GuestCallError) in
                .i32(try state.results.open(state.request.http.body))
            },
        ]
    }
}
