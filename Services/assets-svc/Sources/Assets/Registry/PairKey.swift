import Bundle

/// An (extension name, content hash) pair as it appears in `/ext-ui/{extension}/{hash}/…`.
public struct PairKey: Hashable, Sendable, CustomStringConvertible {
    public let extensionName: String
    public let hash: ContentHash

    public init(extensionName: String, hash: ContentHash) {
        self.extensionName = extensionName
        self.hash = hash
    }

    public var description: String { "\(extensionName)@\(hash)" }

    /// A lowercase reverse-DNS extension name as the manifest allows (docs/manifest.md): 3–128
    /// characters of `a–z 0–9 . -`, at least two labels, none empty or starting or ending with `-`.
    public static func isValidExtensionName(_ s: String) -> Bool {
        let u = s.utf8
        guard (3...128).contains(u.count) else { return false }
        let labels = u.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { (48...57).contains($0) || (97...122).contains($0) || $0 == UInt8(ascii: "-") }
        }
    }
}
