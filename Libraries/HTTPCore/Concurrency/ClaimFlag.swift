import Synchronization

/// A flag that exactly one of several racing parties can claim.
final class ClaimFlag: Sendable {
    private let claimed = Atomic<Bool>(false)

    init() {}

    /// True for the first caller only.
    func claim() -> Bool { !claimed.exchange(true, ordering: .acquiringAndReleasing) }
}
