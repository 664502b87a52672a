// The React starter's handler (Embedded Swift, guest ABI wasm@1, SDK module `Alga`): a small
// item list kept in the install's key-value storage (capability storage.kv).
//   GET    /items      -> {"items": [{"id", "name", "note", "created_ms"}]}   (at most 100)
//   POST   /items      {"name", "note"?} -> 201 with the stored item; 400 naming the field
//   DELETE /items/:id  -> 204, or 404 when there is no such item
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.get("/items") { _, response throws(AlgaError) in
        var items: [JSONValue] = []
        for entry in try Storage.list(prefix: "items/", limit: 100).items {
            if let stored = try Storage.get(entry.key), let item = JSONParser.parse(stored.value) { items.append(item) }
        }
        response.json(.object([("items", .array(items))]))
    }
    router.post("/items") { request, response throws(AlgaError) in
        guard let body = JSONParser.parse(request.body) else { return invalid(&response, "body: not JSON") }
        let name = body["name"]?.stringValue ?? ""
        let note = body["note"]?.stringValue ?? ""
        if name.isEmpty || name.utf8.count > 120 { return invalid(&response, "name: 1 to 120 bytes required") }
        if note.utf8.count > 1000 { return invalid(&response, "note: at most 1000 bytes") }
        var id = ""
        for byte in try Random.bytes(8) { id += hex(byte) }
        let item = JSONValue.object([
            ("id", .string(id)), ("name", .string(name)), ("note", .string(note)),
            ("created_ms", .number(JSONNumber(Clock.wallNanoseconds / 1_000_000))),
        ])
        try Storage.put("items/\(id)", JSONWriter.write(item), condition: .absent)
        Log.info("item \(id) created")
        response.status = 201
        response.json(item)
    }
    router.delete("/items/:id") { request, response throws(AlgaError) in
        let id = request.param("id") ?? ""
        if try Storage.delete("items/\(id)") {
            response.status = 204
        } else {
            response.status = 404
            response.json(.object([("error", .object([("code", .string("item_not_found")), ("message", .string("no item \(id)"))]))]))
        }
    }
    return router.run()
}

func invalid(_ response: inout Response, _ message: String) {
    response.status = 400
    response.json(.object([("error", .object([("code", .string("invalid_item")), ("message", .string(message))]))]))
}

func hex(_ byte: UInt8) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
    return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
}
