// hello-swift: the Swift twin of hello-c, plus a routed greeting.
//   GET /hello/:name      -> 200 "hello, <name> (GET /hello/<name>)"
//   anything else         -> 200 "hello, <name> (<METHOD> <path>)", name = body or "world"
// Both answers carry content-type text/plain and x-guest: hello-swift.
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/hello/:name") { request, response in
        greet(request.param("name") ?? "world", request, &response)
    }
    router.fallback { request, response in
        greet(request.body.isEmpty ? "world" : request.bodyText, request, &response)
    }
    return router.run()
}

func greet(_ name: String, _ request: Request, _ response: inout Response) {
    response.status = 200
    response.headers.add("content-type", "text/plain; charset=utf-8")
    response.headers.add("x-guest", "hello-swift")
    response.write("hello, \(name) (\(request.method) \(request.path))")
}
