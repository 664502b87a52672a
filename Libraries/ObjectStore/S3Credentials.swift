import Foundation
import Shared

/// An access key: id and secret. `description` never shows the secret.
public struct S3Credentials: Sendable, CustomStringConvertible {
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(accessKeyID: String, secretAccessKey: String) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    public var description: String { "S3Credentials(\(accessKeyID), secret redacted)" }

    /// The secret from `file` (surrounding whitespace trimmed); errors name `variable`, not the content.
    public static func readSecret(file: String, variable: String) throws(ConfigError) -> String {
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(variable: variable, reason: "names a file that cannot be read: \(file)")
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty else { throw ConfigError(variable: variable, reason: "names an empty file: \(file)") }
        return secret
    }
}
