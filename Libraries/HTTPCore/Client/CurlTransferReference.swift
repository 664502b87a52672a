/// Lets a body stream reach its transfer without a reference cycle.
final class CurlTransferReference: @unchecked Sendable {
    weak var transfer: CurlTransfer?
}
