/// A strict SemVer 2.0.0 version (no `v` prefix, no wildcards), ordered by SemVer precedence
/// (build metadata is ignored for ordering but kept for equality of the text).
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt64
    public let minor: UInt64
    public let patch: UInt64
    public let prerelease: [String]
    public let build: [String]

    /// Parses a version already checked against `ManifestPatterns.version`, or any string:
    /// returns nil unless it is strict SemVer with numeric parts of at most 16 digits.
    public init?(_ text: String) {
        var rest = Substring(text)
        var buildIDs: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            buildIDs = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard buildIDs.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isIdentifierByte) }) else { return nil }
            rest = rest[..<plus]
        }
        var pre: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            for id in pre {
                guard !id.isEmpty, id.utf8.allSatisfy(Self.isIdentifierByte) else { return nil }
                if id.utf8.allSatisfy(Self.isDigit), id.count > 1, id.hasPrefix("0") { return nil }
            }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.count <= 16, part.utf8.allSatisfy(Self.isDigit),
                  part == "0" || !part.hasPrefix("0"), let n = UInt64(part) else { return nil }
            numbers.append(n)
        }
        major = numbers[0]
        minor = numbers[1]
        patch = numbers[2]
        prerelease = pre
        build = buildIDs
    }

    public var isPrerelease: Bool { !prerelease.isEmpty }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if (a.major, a.minor, a.patch) != (b.major, b.minor, b.patch) {
            return (a.major, a.minor, a.patch) < (b.major, b.minor, b.patch)
        }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, true): return false
        case (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            let xNum = x.utf8.allSatisfy(isDigit)
            let yNum = y.utf8.allSatisfy(isDigit)
            switch (xNum, yNum) {
            case (true, true): return x.count != y.count ? x.count < y.count : x < y
            case (true, false): return true
            case (false, true): return false
            case (false, false): return x < y
            }
        }
        return a.prerelease.count < b.prerelease.count
    }

    private static func isDigit(_ c: UInt8) -> Bool { (48...57).contains(c) }

    private static func isIdentifierByte(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) || c == 45
    }
}
