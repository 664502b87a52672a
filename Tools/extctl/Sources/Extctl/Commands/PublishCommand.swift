import Bundle
import Shared

/// `extctl publish`: uploads a packed, signed bundle to the registry.
struct PublishCommand: Command {
    static let spec = CommandSpec(
        name: "publish", summary: "Publish a packed bundle and its signature to the registry.",
        usage: "extctl publish BUNDLE.tar.zst [--signature FILE] [--unsigned] [--registry URL] [--token TOKEN]",
        details: """
            Checks the bundle locally first, then POSTs it to /v1/registry/publish with the signature
            (default BUNDLE.tar.zst.sig.json, from extctl sign) and the content hash it expects. 201: published;
            200: this exact bundle was already published (nothing changed). Refusals print the registry's code
            (signature_*, version_exists, namespace_forbidden, module_*, ...; docs/registry.md), exit 5.
            """,
        options: [.init("signature", "FILE", "signature file (default: BUNDLE.sig.json)")] + Endpoints.registryOptions,
        flags: [.init("unsigned", "send no signature (only a registry with REGISTRY_ALLOW_UNSIGNED=true accepts it)")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let path = context.absolute(try context.positional(0, "BUNDLE.tar.zst"))
        let bytes = try FileIO.read(path)
        let check = try BundleCheck.check(archive: bytes)
        var headers = [("content-type", "application/zstd"), ("x-alga-content-hash", check.contentHash.description)]
        if !context.arguments.has("unsigned") {
            let signaturePath = context.arguments.value("signature").map(context.absolute) ?? path + ".sig.json"
            let signatureBytes = try FileIO.read(signaturePath)
            let signature: BundleSignature
            do { signature = try BundleSignature(json: signatureBytes) } catch {
                throw AppError(error.code, status: 400, "\(signaturePath): \(error.message)")
            }
            guard signature.contentHash == check.contentHash else {
                throw AppError(.signatureBad, status: 400,
                               "\(signaturePath) signs \(signature.contentHash), but the bundle is \(check.contentHash) (sign it again)")
            }
            headers.append(("x-alga-signature", Base64.encode(signatureBytes)))
        }
        let registry = try Endpoints.registry(context)
        context.console.progress("publishing \(check.manifest.name) \(check.manifest.version) (\(bytes.count) bytes) to \(registry.baseURL)")
        let reply = try await registry.send("POST", "/v1/registry/publish", body: bytes, headers: headers)
        let json = reply.json ?? .null
        let outcome = reply.status == 201 ? "published" : "already published (identical bundle)"
        context.console.result("\(outcome): \(check.manifest.name) \(check.manifest.version) \(check.contentHash)", json: json)
    }
}
