import Shared

/// The converted manifest and every diagnostic, in field order.
public struct MigrationResult: Sendable {
    public var manifest: JSONValue
    public var diagnostics: [MigrationDiagnostic]

    /// True when nothing needs a person: no unconvertible field and the result validates.
    public var complete: Bool { !diagnostics.contains(where: \.needsAttention) }

    /// The manifest as written to disk (indented, trailing newline).
    public var manifestText: String { JSONPretty.format(manifest) + "\n" }

    /// The report `migrate` prints and the corpus tests compare: one diagnostic per line.
    public var report: String { diagnostics.map(\.description).joined(separator: "\n") + (diagnostics.isEmpty ? "" : "\n") }

    var json: JSONValue {
        ["complete": .bool(complete), "manifest": manifest, "diagnostics": .array(diagnostics.map(\.json))]
    }
}
