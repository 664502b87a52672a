/// An address and port a connection may go to; the unit the open-socket callback approves.
struct HTTPClientEndpoint: Hashable, Sendable {
    var address: HTTPClientAddress
    var port: Int
}
