import Shared

/// The outcome of `TrustBundle.evaluate`.
public enum TrustDecision: Sendable, Equatable {
    case accepted(KeyID)
    /// `detail` is safe to show to the publisher (ids and times, never key material).
    case rejected(TrustFailure, detail: String)

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }

    public var failure: TrustFailure? {
        if case .rejected(let f, _) = self { return f }
        return nil
    }

    /// 400 with the failure's code (403 for revoked keys), or nil when accepted.
    public var appError: AppError? {
        guard case .rejected(let failure, let detail) = self else { return nil }
        return AppError(failure.errorCode, status: failure == .keyRevoked ? 403 : 400, detail)
    }
}
