/// The user a request acts for (the `user` object of the context).
public struct User {
    public let id: String
    public let name: String?
    public let email: String?
    public let type: String?

    init(json: JSONValue) {
        id = json["id"]?.stringValue ?? ""
        name = json["name"]?.stringValue
        email = json["email"]?.stringValue
        type = json["type"]?.stringValue
    }
}
