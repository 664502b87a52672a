import Shared

/// Which part of a bundle an extraction writes: everything, or one top-level-or-deeper directory
/// (`dist/`, `ui/`). The whole archive is still read and validated either way.
public struct BundleSubtree: Sendable, Equatable, CustomStringConvertible {
    /// nil for the whole bundle; otherwise a validated directory path ending in `/`.
    public let prefix: String?

    public static let all = BundleSubtree(validated: nil)
    public static let dist = BundleSubtree(validated: "dist/")
    public static let ui = BundleSubtree(validated: "ui/")

    /// A directory path such as `ui/` or `dist/` (the trailing `/` is required);
    /// anything else throws `bundle_subtree_invalid`.
    public init(_ prefix: String) throws(AppError) {
        guard prefix.hasSuffix("/"),
              (try? BundlePath.validate(String(prefix.dropLast()), isDirectory: true, limits: .default)) != nil else {
            throw AppError(.bundleSubtreeInvalid, status: 400, "subtree must be a bundle directory path ending in '/'")
        }
        self.prefix = prefix
    }

    private init(validated prefix: String?) { self.prefix = prefix }

    func contains(_ path: String) -> Bool {
        guard let prefix else { return true }
        return path.hasPrefix(prefix) || path + "/" == prefix
    }

    public var description: String { prefix ?? "(all)" }
}
