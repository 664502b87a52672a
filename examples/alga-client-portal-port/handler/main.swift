// The Alga client-portal sample, ported to Embedded Swift (guest ABI wasm@1, SDK module `Alga`).
// GET / and GET /info answer with what the handler knows about the call: the request context,
// the request, the install's config and the signed-in user (null with the reason when there is none).
// Alga's JavaScript handler answered every path; here each path is an endpoint in manifest.json.
import Alga

let version = "v2.1.0-swift-port"

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/") { request, response throws(AlgaError) in try info(request, &response) }
    router.get("/info") { request, response throws(AlgaError) in try info(request, &response) }
    return router.run()
}

func info(_ request: Request, _ response: inout Response) throws(AlgaError) {
    let context = try Context.current()
    Log.info("[client-portal-test] request tenant=\(context.tenantID) requestId=\(context.requestID) path=\(request.path)")
    var user: JSONValue = .null
    var userError: JSONValue = .null
    if let signedIn = context.user {
        user = .object([
            ("userId", .string(signedIn.id)), ("userName", text(signedIn.name)), ("userEmail", text(signedIn.email)),
            ("userType", text(signedIn.type)),
        ])
    } else {
        userError = .string("no signed-in user in this request (an API key call)")
    }
    response.json(.object([
        ("ok", .bool(true)),
        ("message", .string("Hello from the Client Portal Test Extension handler! (\(version))")),
        ("context", .object([
            ("tenantId", .string(context.tenantID)), ("extensionId", .string(context.extensionID)),
            ("installId", .string(context.installID)), ("requestId", .string(context.requestID)),
        ])),
        ("request", .object([("method", .string(request.method)), ("path", .string(request.path))])),
        ("config", context.config),
        ("user", user),
        ("userError", userError),
        ("version", .string(version)),
        ("timestamp_ms", .number(JSONNumber(Clock.wallNanoseconds / 1_000_000))),
    ]))
}

func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
