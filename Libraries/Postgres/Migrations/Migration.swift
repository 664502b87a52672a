import Foundation
import Shared

/// One `migrations/NNNN_name.sql` file: plain SQL, applied once, in version order, inside one
/// transaction (so it must not contain BEGIN/COMMIT). Its checksum is the SHA-256 of the file's
/// bytes, exactly as `scripts/pg` computes it with sha256sum.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String
    public let checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = Hex.encode(SHA256.hash(Array(sql.utf8)))
    }

    /// `0003_installs` for messages.
    public var label: String {
        let v = String(version)
        return String(repeating: "0", count: max(0, 4 - v.count)) + v + "_" + name
    }

    /// Reads every `NNNN_name.sql` in `directory` (other files are ignored), sorted by version.
    /// Malformed names and duplicate versions are errors.
    public static func load(directory: String) throws(AppError) -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw AppError(.migrationInvalid, status: 500, "cannot read migrations directory \(directory)",
                           cause: SendableDescription(error))
        }
        var out: [Migration] = []
        for file in names.sorted() where file.hasSuffix(".sql") {
            guard let (version, name) = parse(file) else {
                throw AppError(.migrationInvalid, status: 500,
                               "migration file \(file) must be named NNNN_name.sql (name: a-z 0-9 _)")
            }
            guard let data = FileManager.default.contents(atPath: directory + "/" + file),
                  let sql = String(data: data, encoding: .utf8) else {
                throw AppError(.migrationInvalid, status: 500, "migration file \(file) is unreadable or not UTF-8")
            }
            if out.contains(where: { $0.version == version }) {
                throw AppError(.migrationInvalid, status: 500, "two migration files have version \(version)")
            }
            out.append(Migration(version: version, name: name, sql: sql))
        }
        return out.sorted { $0.version < $1.version }
    }

    static func parse(_ file: String) -> (Int, String)? {
        let base = file.dropLast(4).utf8
        guard base.count > 5, base.prefix(4).allSatisfy({ (48...57).contains($0) }),
              base.dropFirst(4).first == UInt8(ascii: "_") else { return nil }
        let name = base.dropFirst(5)
        guard name.allSatisfy({ (48...57).contains($0) || (97...122).contains($0) || $0 == UInt8(ascii: "_") }),
              let version = Int(String(decoding: base.prefix(4), as: UTF8.self)), version > 0 else { return nil }
        return (version, String(decoding: name, as: UTF8.self))
    }
}
