// greeter (Swift): the sample handler of docs/building-handlers.md, built as Embedded Swift with the
// Swift SDK (sdk/guest-swift, module Alga, which also exports alga_abi_v1).
//   GET  /hello?name=Ada -> 200 {"greeting":"hello, Ada"}, header x-greeter: v1, log line, counter
//   POST /echo           -> 200 the request body as application/octet-stream, histogram echo_bytes
//   anything else        -> 404 {"error":"not_found"}
// A name is 1-32 of A-Z a-z 0-9 space and '-' (no name: "world"); another name answers 400.
import Alga

let nameMaxBytes = 32
let echoMaxBytes = 16384

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/hello") { request, response in hello(request, &response) }
    router.post("/echo") { request, response in echo(request, &response) }
    router.fallback { _, response in
        response.status = 404
        response.text(#"{"error":"not_found"}"#, contentType: "application/json")
    }
    return router.run()
}

func hello(_ request: Request, _ response: inout Response) {
    let given = request.query("name") ?? ""
    let name = given.isEmpty ? "world" : given
    guard isValidName(name) else {
        response.status = 400
        response.text(#"{"error":"invalid_name"}"#, contentType: "application/json")
        return
    }
    Log.info("greeted \(name)")
    try? Metrics.counter("greetings", 1, labels: [("route", "/hello")])
    response.headers.add("x-greeter", "v1")
    response.text(#"{"greeting":"hello, \#(name)"}"#, contentType: "application/json")
}

func echo(_ request: Request, _ response: inout Response) {
    guard request.body.count <= echoMaxBytes else {
        response.status = 413
        response.text(#"{"error":"too_large"}"#, contentType: "application/json")
        return
    }
    try? Metrics.histogram("echo_bytes", Double(request.body.count))
    response.headers.add("content-type", "application/octet-stream")
    response.write(request.body)
}

func isValidName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard !bytes.isEmpty && bytes.count <= nameMaxBytes else { return false }
    for byte in bytes {
        let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        let digit = byte >= 0x30 && byte <= 0x39
        guard letter || digit || byte == 0x20 || byte == 0x2D else { return false }
    }
    return true
}
