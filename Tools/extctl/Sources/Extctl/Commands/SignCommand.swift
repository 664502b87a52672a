import Bundle
import Foundation
import Shared

/// `extctl sign`: the detached signature file for a packed bundle (docs/signing.md).
struct SignCommand: Command {
    static let spec = CommandSpec(
        name: "sign", summary: "Sign a packed bundle with an Ed25519 key (detached signature.json).",
        usage: "extctl sign BUNDLE.tar.zst --key FILE [--out FILE]",
        details: """
            Checks the bundle first (as validate does), then signs its content hash for the manifest's publisher.
            The signature goes to BUNDLE.tar.zst.sig.json unless --out says otherwise; publish picks it up there.
            EXTCTL_SIGNING_KEY may name the key file instead of --key.
            """,
        options: [.init("key", "FILE", "private key (PEM) of the manifest's publisher"),
                  .init("out", "FILE", "where to write the signature (default: BUNDLE.sig.json)")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let bundlePath = context.absolute(try context.positional(0, "BUNDLE.tar.zst"))
        guard let keyPath = context.arguments.value("key", env: "EXTCTL_SIGNING_KEY", in: context.environment) else {
            throw context.usage("--key is required")
        }
        let key = try SigningKeyFile.load(context.absolute(keyPath))
        let check = try BundleCheck.check(archive: try FileIO.read(bundlePath))
        let signature = BundleSignature.sign(contentHash: check.contentHash, publisher: check.manifest.publisher,
                                             key: key, at: Date())
        let out = context.arguments.value("out").map(context.absolute) ?? bundlePath + ".sig.json"
        try FileIO.write(signature.jsonString() + "\n", to: out)
        context.console.result(
            "signed \(check.contentHash) for publisher \(check.manifest.publisher) with \(signature.keyID)\nsignature \(out)",
            json: ["signature_path": .string(out), "key_id": .string(signature.keyID.rawValue),
                   "publisher": .string(check.manifest.publisher), "content_hash": .string(check.contentHash.description)])
    }
}
