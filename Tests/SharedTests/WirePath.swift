/// A step in a JSON document: an object member or an array element.
enum WirePath {
    case key(String)
    case index(Int)
}
