import Shared

/// Reads a private key file: PEM (`extctl keygen`, `openssl genpkey -algorithm ed25519`).
enum SigningKeyFile {
    static func load(_ path: String) throws(AppError) -> Ed25519.PrivateKey {
        let text = try FileIO.readText(path)
        do {
            return try Ed25519.PrivateKey(pemRepresentation: text)
        } catch {
            throw AppError(.keyInvalid, status: 400, "\(path): not an unencrypted Ed25519 private key in PEM (\(error.message))")
        }
    }
}
