import Bundle
import Shared

/// `extctl keygen`: a new Ed25519 signing key pair as PEM files (interchangeable with OpenSSL).
struct KeygenCommand: Command {
    static let spec = CommandSpec(
        name: "keygen", summary: "Create an Ed25519 signing key pair (PEM).",
        usage: "extctl keygen [--out DIR] [--name NAME] [--force]",
        details: """
            Writes NAME.key (PKCS#8, mode 0600; keep it secret) and NAME.pub (SubjectPublicKeyInfo) and prints
            the key id (ed25519:<16 hex>) and the public key as Base64 of its 32 raw bytes, which is what an
            operator adds to the registry's trust store (POST /v1/admin/keys, docs/signing.md).
            """,
        options: [.init("out", "DIR", "directory for the files (default: .)"),
                  .init("name", "NAME", "file name stem (default: signing)")],
        flags: [.init("force", "overwrite existing files")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(0, spec: Self.spec)
        let directory = context.absolute(context.arguments.value("out") ?? ".")
        let stem = context.arguments.value("name") ?? "signing"
        guard !stem.isEmpty, !stem.contains("/") else { throw context.usage("--name must be a file name stem") }
        let keyPath = directory + "/" + stem + ".key"
        let pubPath = directory + "/" + stem + ".pub"
        if !context.arguments.has("force") {
            for path in [keyPath, pubPath] where FileIO.exists(path) {
                throw AppError(.fileError, status: 409, "\(path) exists (use --force to overwrite)")
            }
        }
        let key = Ed25519.PrivateKey.generate()
        try FileIO.write(key.pemRepresentation, to: keyPath, mode: 0o600)
        try FileIO.write(key.publicKey.pemRepresentation, to: pubPath)
        let id = KeyID(publicKey: key.publicKey)
        let publicBase64 = Base64.encode(key.publicKey.rawRepresentation)
        context.console.result(
            "key id      \(id)\nprivate key \(keyPath)\npublic key  \(pubPath)\nraw public  \(publicBase64)",
            json: ["key_id": .string(id.rawValue), "private_key_path": .string(keyPath),
                   "public_key_path": .string(pubPath), "public_key": .string(publicBase64)])
    }
}
