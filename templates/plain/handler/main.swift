// The plain starter's handler (Embedded Swift, guest ABI wasm@1, SDK module `Alga`).
//   GET  /hello  -> {"message", "tenant", "user", "time_ms"} for the calling user
//   POST /echo   -> {"received": <body text>, "bytes": <body length>}
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/hello") { _, response throws(AlgaError) in
        let context = try Context.current()
        let name = context.user?.name ?? "there"
        Log.info("hello for tenant \(context.tenantID)")
        response.json(.object([
            ("message", .string("Hello, \(name)!")),
            ("tenant", .string(context.tenantID)),
            ("user", .string(context.user?.id ?? "")),
            ("time_ms", .number(JSONNumber(Clock.wallNanoseconds / 1_000_000))),
        ]))
    }
    router.post("/echo") { request, response in
        response.json(.object([
            ("received", .string(request.bodyText)),
            ("bytes", .number(JSONNumber(Int64(request.body.count)))),
        ]))
    }
    return router.run()
}
