extension JSONWriter {
    /// `["a","b"]`
    mutating func stringList(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    /// `[["name","value"],...]`
    mutating func pairs(_ pairs: [NameValuePair]) {
        beginArray()
        for pair in pairs {
            beginArray()
            string(pair.name)
            string(pair.value)
            endArray()
        }
        endArray()
    }
}
