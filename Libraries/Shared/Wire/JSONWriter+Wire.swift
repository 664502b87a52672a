extension JSONWriter {
    /// `["a","b"]`
    public mutating func stringList(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    /// `[["name","value"],...]`
    public mutating func pairs(_ pairs: [NameValuePair]) {
        beginArray()
        for pair in pairs {
            beginArray()
            string(pair.name)
            string(pair.value)
            endArray()
        }
        endArray()
    }

    /// `{"a":"1",...}` with the names sorted (deterministic output).
    public mutating func stringMap(_ map: [String: String]) {
        beginObject()
        for name in map.keys.sorted() {
            key(name)
            string(map[name] ?? "")
        }
        endObject()
    }
}
