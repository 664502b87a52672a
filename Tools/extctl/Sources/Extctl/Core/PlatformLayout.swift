import Foundation
import Shared

/// Where the platform's templates and guest SDKs are: `ALGA_PLATFORM_ROOT`, else the checkout
/// holding the running binary (`.build/<config>/extctl` → the repository root). `ALGA_SDK` and
/// `ALGA_TEMPLATES` override the two directories on their own.
public struct PlatformLayout: Sendable {
    public let sdk: String
    public let templates: String

    public static func locate(environment: [String: String], executable: String? = Foundation.Bundle.main.executablePath)
        throws(AppError) -> PlatformLayout
    {
        var root = environment["ALGA_PLATFORM_ROOT"].flatMap { $0.isEmpty ? nil : $0 }
        if root == nil, let executable {
            var dir = (URL(fileURLWithPath: executable).resolvingSymlinksInPath().path as NSString).deletingLastPathComponent
            for _ in 0..<6 {
                if FileIO.isDirectory(dir + "/sdk/guest-swift") && FileIO.isDirectory(dir + "/templates") { root = dir; break }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir { break }
                dir = parent
            }
        }
        let sdk = environment["ALGA_SDK"].flatMap { $0.isEmpty ? nil : $0 } ?? root.map { $0 + "/sdk" }
        let templates = environment["ALGA_TEMPLATES"].flatMap { $0.isEmpty ? nil : $0 } ?? root.map { $0 + "/templates" }
        guard let sdk, let templates else {
            throw AppError(.toolchainMissing, status: 500,
                           "cannot find the platform's sdk/ and templates/ (set ALGA_PLATFORM_ROOT to the platform checkout)")
        }
        return PlatformLayout(sdk: sdk, templates: templates)
    }
}
