/// One NOTIFY received on a LISTEN connection.
public struct PostgresNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
    /// Server process id of the notifying session.
    public var senderPID: Int32
}
