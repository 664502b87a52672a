import ServiceKit
import Shared

/// The registry's API credentials, read from a file that may change at run time
/// (`REGISTRY_CREDENTIALS_FILE`). One credential per line, `<name> <role> sha256:<hex>`:
///
///     ops-alice   admin           sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
///     acme-ci     publisher:acme  sha256:...
///     t1-admin    tenant:t-123    sha256:...
///
/// Only the SHA-256 of each token is stored, never the token. Names are 1–64 characters of
/// `[A-Za-z0-9._:@-]`; invalid lines are ignored. A missing file authenticates nobody.
public final class CredentialFile: Sendable {
    struct Entry: Sendable {
        var credential: Credential
        var tokenHash: [UInt8]
    }

    private let file: WatchedFile<[Entry]>

    public init(path: String) {
        file = WatchedFile(path: path) { bytes in
            WatchedFile<[Entry]>.fields(bytes).compactMap(Self.entry)
        }
    }

    /// How many credentials the file holds now.
    public var count: Int { file.value.count }

    /// The credential whose token hashes to SHA-256(`token`); every entry is compared in
    /// constant time, so timing does not reveal which (or whether one) matched.
    public func authenticate(token: String) -> Credential? {
        let hash = SHA256.hash(Array(token.utf8))
        var found: Credential?
        for entry in file.value where ConstantTime.equals(entry.tokenHash, hash) && found == nil {
            found = entry.credential
        }
        return token.isEmpty ? nil : found
    }

    static func entry(_ fields: [String]) -> Entry? {
        guard fields.count == 3, isValidName(fields[0]), fields[2].hasPrefix("sha256:"),
              let hash = Hex.decode(String(fields[2].dropFirst(7))), hash.count == 32 else { return nil }
        let role: Credential.Role
        if fields[1] == "admin" {
            role = .admin
        } else if fields[1].hasPrefix("publisher:"), case let ns = String(fields[1].dropFirst(10)), isValidScope(ns) {
            role = .publisher(ns)
        } else if fields[1].hasPrefix("tenant:"), case let t = String(fields[1].dropFirst(7)), isValidScope(t) {
            role = .tenant(t)
        } else {
            return nil
        }
        return Entry(credential: Credential(name: fields[0], role: role), tokenHash: hash)
    }

    static func isValidName(_ s: String) -> Bool {
        (1...64).contains(s.utf8.count) && s.utf8.allSatisfy { isWordByte($0) || $0 == UInt8(ascii: "@") }
    }

    /// Publisher namespaces and tenant ids: 1–128 of `[A-Za-z0-9._:-]`.
    static func isValidScope(_ s: String) -> Bool {
        (1...128).contains(s.utf8.count) && s.utf8.allSatisfy(isWordByte)
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c)
            || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: ":") || c == UInt8(ascii: "-")
    }
}
