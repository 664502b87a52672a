import Foundation
import Shared

/// One thing `extctl migrate` did, or could not do, to a field of an Alga manifest.
public struct MigrationDiagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The value was rewritten to its equivalent here.
        case changed
        /// Something implicit in Alga was made explicit.
        case added
        /// The field has no meaning here and was dropped without loss.
        case removed
        /// No equivalent exists: the field was dropped (or kept as is) and needs a person.
        case unconvertible
        /// The converted manifest still fails our validator (see the message).
        case invalid
    }

    public let kind: Kind
    public let field: String
    public let message: String

    public init(_ kind: Kind, _ field: String, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    /// True for the kinds that leave work for a person.
    public var needsAttention: Bool { kind == .unconvertible || kind == .invalid }

    public var description: String {
        kind.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0) + field + ": " + message
    }

    var json: JSONValue { ["kind": .string(kind.rawValue), "field": .string(field), "message": .string(message)] }
}
