/// One element of an S3 XML response: local name (namespace prefix dropped), the text directly
/// inside it (entities and CDATA decoded), and child elements in order.
struct S3XMLElement: Sendable, Equatable {
    var name: String
    var text: String
    var children: [S3XMLElement]

    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }

    func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }

    /// The text of the first child called `name`.
    subscript(name: String) -> String? { child(name)?.text }
}
