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
        var labels = 1
        var length = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for c in u {
            switch c {
            case UInt8(ascii: "."):
                guard length > 0, previous != UInt8(ascii: "-") else { return false }
                labels += 1
                length = 0
            case UInt8(ascii: "-"):
                guard length > 0 else { return false }
                length += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                length += 1
            default:
                return false
            }
            guard length <= 63 else { return false }
            previous = c
        }
        return labels >= 2 && length > 0 && previous != UInt8(ascii: "-")
    }
}
