/// The versioning rule every wire envelope follows (house style 14):
///
/// - `version` (required integer) is the envelope's major version. A receiver refuses any
///   version it does not implement with `unsupported_version`; a new version is only for changes
///   an old receiver would misread (a field removed, renamed or changing meaning).
/// - Additive changes keep the version. Receivers ignore members they do not know (after
///   validating them as JSON), so new optional fields roll out sender-first.
/// - `must_understand` (optional list of dotted field paths, e.g. `"limits.cpu_ms"`) names the
///   fields a receiver may not ignore: one that does not implement every listed field refuses the
///   message with `must_understand`, instead of running it without, say, a new limit.
///
/// Senders write `version` first so a receiver can refuse an unknown version before anything else.
public enum WireEnvelope {
    public static let currentVersion = 1
}

extension JSONReader {
    /// Reads `version` and refuses any version other than the ones in `supported`.
    mutating func readWireVersion(supported: ClosedRange<Int64> = 1...Int64(WireEnvelope.currentVersion)) throws -> Int {
        let version = try readInt64()
        guard supported.contains(version) else {
            throw error(.unsupportedVersion, "unsupported version \(version); this receiver implements \(supported.lowerBound)"
                                             + (supported.count > 1 ? "...\(supported.upperBound)" : ""))
        }
        return Int(version)
    }

    /// Reads `must_understand` and refuses any entry this receiver does not implement.
    mutating func readMustUnderstand(understood: Set<String>, limits: WireLimits) throws -> [String] {
        try readStringList(rule: .visibleASCII, maxBytes: limits.maxIDBytes, maxCount: limits.maxListEntries,
                           checkReason: .mustUnderstand) { entry in
            understood.contains(entry) ? nil : "field '\(entry)' must be understood but this receiver does not implement it"
        }
    }
}
