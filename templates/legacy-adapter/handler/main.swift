// Legacy-integration adapter (Embedded Swift, guest ABI wasm@1, SDK module `Alga`): every declared
// endpoint is forwarded to the existing integration with `LegacyAdapter` (sdk/guest-swift), so the
// integration keeps answering while it is migrated into handlers of its own.
//
// Install configuration (templates/legacy-adapter/README.md):
//   legacy_base_url             the integration's base URL; put its origin on the egress allowlist
//   legacy_header_map           {"x-ext-user": "x-legacy-user"}: request headers renamed on the way out
//   legacy_response_header_map  {"x-legacy-trace": "x-ext-trace"}: answer headers renamed on the way back
//   legacy_static_headers       {"x-legacy-client": "alga"}: added to every forwarded request
//   legacy_credential_secret    name of the install secret sent as `authorization: Bearer <value>`
//   legacy_max_attempts         1-5 (default 3), legacy_timeout_ms 100-30000 (default 5000)
// Declare every path of the integration you proxy in manifest.json (`api.endpoints`); migrate a path
// by giving it a handler of its own and routing it before the fallback below.
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    // A migrated path would go here, e.g. router.get("/invoices/:id/summary") { ... }
    router.fallback { request, response throws(AlgaError) in
        let context = try Context.current()
        do throws(LegacyAdapter.Failure) {
            let adapter = try LegacyAdapter.configured(context.config)
            adapter.forward(request, &response)
        } catch {
            Log.error("legacy adapter: \(error.code): \(error.message)")
            error.write(&response)
        }
    }
    return router.run()
}
