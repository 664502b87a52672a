/// The six kinds of JSON value.
public enum JSONKind: String, Sendable {
    case object, array, string, number, bool, null
}
