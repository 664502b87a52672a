extension ExecuteUser {
    init(reading r: inout JSONReader, limits: WireLimits) throws {
        var id: String?
        var name: String?
        var email: String?
        var type: String?
        try r.beginObject()
        while let key = try r.nextMember() {
            switch key {
            case "id": id = try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            case "name": name = try r.readNullIfPresent() ? nil : try r.readWireString(.text, maxBytes: limits.maxValueBytes, allowEmpty: true)
            case "email": email = try r.readNullIfPresent() ? nil : try r.readWireString(.text, maxBytes: limits.maxIDBytes, allowEmpty: true)
            case "type": type = try r.readNullIfPresent() ? nil : try r.readWireString(.visibleASCII, maxBytes: limits.maxIDBytes)
            default: try r.skipValue()
            }
        }
        guard let id else { throw r.missingField("id") }
        self.init(id: id, name: name, email: email, type: type)
    }

    /// `{"id":…}` plus the optional fields that are set (the guest's `user` object).
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id")
        w.string(id)
        if let name {
            w.key("name")
            w.string(name)
        }
        if let email {
            w.key("email")
            w.string(email)
        }
        if let type {
            w.key("type")
            w.string(type)
        }
        w.endObject()
    }
}
