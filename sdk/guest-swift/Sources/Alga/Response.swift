/// The response a handler builds; the router sends it to the host when the handler returns.
public struct Response {
    public var status: Int32 = 200
    public var headers = Headers()
    public var body: [UInt8] = []

    public init() {}

    public mutating func write(_ text: String) { body.append(contentsOf: text.utf8) }

    public mutating func write(_ bytes: [UInt8]) { body.append(contentsOf: bytes) }

    /// Replaces the body with text and sets its content type.
    public mutating func text(_ text: String, contentType: String = "text/plain; charset=utf-8") {
        headers.set("content-type", contentType)
        body = Array(text.utf8)
    }

    /// Replaces the body with a JSON document and sets its content type.
    public mutating func json(_ value: JSONValue) {
        headers.set("content-type", "application/json")
        body = Array(JSONWriter.write(value).utf8)
    }

    /// Sends status, headers and body through the response imports. Throws the first refusal
    /// (e.g. `forbidden` for a host-owned header, `tooLarge` for a body over the cap).
    public func send() throws(AlgaError) {
        _ = try AlgaError.check(alga_response_set_status(status))
        for field in headers {
            let name = field.name, value = field.value
            let result = withUTF8(name) { namePointer, nameLength in
                withUTF8(value) { alga_response_add_header(namePointer, nameLength, $0, $1) }
            }
            _ = try AlgaError.check(result)
        }
        if !body.isEmpty {
            _ = try AlgaError.check(withBytes(body) { alga_response_write($0, $1) })
        }
    }
}
