// sdk-selftest-swift: checks the Swift SDK inside a real instance — JSON parsing and writing,
// numbers, path templates, percent-decoding, headers, routing (404, 405, errors), dictionaries
// (hash seeding over random.fill) and print() over log.write.
// Expected outcome: status 200, body "sdk-selftest-swift: ok, <n> checks"; otherwise 500 with one
// FAIL line per failed check. With the `log` grant it also logs "sdk-selftest-swift: print works".
import Alga

var checks = 0
var failures: [String] = []

func check(_ label: String, _ ok: Bool) {
    checks += 1
    if !ok { failures.append(label) }
}

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    checkJSON()
    checkTemplates()
    checkHeaders()
    checkRouting()
    checkCollections()
    print("sdk-selftest-swift: print works")
    var router = Router()
    router.fallback { _, response in
        if failures.isEmpty {
            response.text("sdk-selftest-swift: ok, \(checks) checks")
        } else {
            response.status = 500
            var text = ""
            for failure in failures { text += "FAIL \(failure)\n" }
            response.text(text)
        }
    }
    return router.run()
}

func parse(_ text: String) -> JSONValue? { JSONParser.parse(Array(text.utf8)) }

func checkJSON() {
    let doc = parse(#"{"a":[1,-2.5e3,true,null,"x\u00e9\ud83d\ude00\n"],"b":{},"c":"\/"}"#)
    check("json array elements", doc?["a"]?[0]?.int64Value == 1 && doc?["a"]?[2]?.boolValue == true && doc?["a"]?[3]?.isNull == true)
    check("json escapes", doc?["a"]?[4]?.stringValue == "xé😀\n" && doc?["c"]?.stringValue == "/")
    if case .number(let number)? = doc?["a"]?[1] {
        check("json double", number.doubleValue == -2500 && number.int64Value == nil)
    } else {
        check("json double", false)
    }
    check("json empty object", doc?["b"]?.objectValue?.isEmpty == true)
    check("json int64 max", parse("9223372036854775807")?.int64Value == Int64.max)
    check("json int64 overflow", parse("9223372036854775808")?.int64Value == nil)
    check("json int64 min", parse("-9223372036854775808")?.int64Value == Int64.min)
    for bad in ["{\"a\":01}", "[1,]", "\"\\ud800\"", "{\"a\" 1}", "tru", "[1] x", "\"a\u{01}\"", "-", "1.", "{\"a\":1,}"] {
        check("json rejects \(bad)", parse(bad) == nil)
    }
    check("json rejects invalid UTF-8", JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) == nil)
    let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
    check("json nesting limit", parse(deep) == nil && parse("[[[[1]]]]") != nil)
    let written = JSONWriter.write(.object([("k", .string("q\"\\\n\u{01}é")), ("n", .number(JSONNumber(-5))), ("l", .array([.null, .bool(false)]))]))
    check("json writer", written == #"{"k":"q\"\\\n\u0001é","n":-5,"l":[null,false]}"#)
    check("json round trip", parse(written) == .object([("k", .string("q\"\\\n\u{01}é")), ("n", .number(JSONNumber(-5))), ("l", .array([.null, .bool(false)]))]))
}

func checkTemplates() {
    let template = PathTemplate("/items/:id/notes/:note")
    check("template match", template.match("/items/42/notes/a%20b") == ["id": "42", "note": "a b"])
    check("template trailing slash", template.match("/items/42/notes/7/") == ["id": "42", "note": "7"])
    check("template too short", template.match("/items/42/notes") == nil)
    check("template too long", template.match("/items/42/notes/7/x") == nil)
    check("template literal mismatch", template.match("/things/42/notes/7") == nil)
    check("template empty parameter", template.match("/items//notes/7") == nil)
    check("template bad escape", template.match("/items/%zz/notes/7") == nil)
    check("template escape to invalid UTF-8", template.match("/items/%C3%28/notes/7") == nil)
    check("template root", PathTemplate("/").match("/") == [:] && PathTemplate("/").match("/x") == nil)
}

func checkHeaders() {
    var headers = Headers()
    headers.add("Content-Type", "text/plain")
    headers.add("x-a", "1")
    headers.add("X-A", "2")
    check("headers case-insensitive", headers["content-type"] == "text/plain" && headers.values("x-a") == ["1", "2"])
    headers.set("x-a", "3")
    check("headers set replaces all", headers.values("X-a") == ["3"] && headers.count == 2)
}

func checkRouting() {
    var router = Router()
    router.get("/items/:id") { request, response in
        response.text("item \(request.param("id") ?? "?") q=\(request.query("q") ?? "-")")
    }
    router.put("/items/:id") { _, _ throws(AlgaError) in throw AlgaError.conflict }
    router.any("/echo") { request, response in response.write(request.body) }
    let get = router.respond(to: Request(method: "GET", path: "/items/7", query: [("q", "x y")]))
    check("route GET", get.status == 200 && get.body == Array("item 7 q=x y".utf8))
    let post = router.respond(to: Request(method: "POST", path: "/items/7"))
    check("route 405 with allow", post.status == 405 && post.headers["allow"] == "GET, PUT")
    check("route 404", router.respond(to: Request(method: "GET", path: "/nope")).status == 404)
    let failed = router.respond(to: Request(method: "PUT", path: "/items/7"))
    check("route handler error is 500", failed.status == 500 && failed.body == Array("internal error: conflict".utf8))
    let echo = router.respond(to: Request(method: "DELETE", path: "/echo", body: [0, 255, 1]))
    check("route any method, raw body", echo.status == 200 && echo.body == [0, 255, 1])
}

func checkCollections() {
    var counts: [String: Int] = [:]
    for index in 0..<2000 { counts["key-\(index % 500)", default: 0] += 1 }
    check("dictionary of strings", counts.count == 500 && counts["key-499"] == 4)
    var total = 0
    for round in 0..<50 {
        let words = (0..<200).map { "w\($0 + round)" }
        total += words.joined(separator: ",").utf8.count
    }
    check("allocation churn", total > 0)
}
