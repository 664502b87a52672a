import Foundation
import Shared
@testable import Gateway

/// Mints compact JWS tokens for the tests, signed like an identity provider would.
enum TestJWT {
    static func token(header: JSONValue, claims: JSONValue, sign: ([UInt8]) -> [UInt8]) -> String {
        let signingInput = Base64URL.encode(header.encoded()) + "." + Base64URL.encode(claims.encoded())
        return signingInput + "." + Base64URL.encode(sign(Array(signingInput.utf8)))
    }

    static func edDSA(_ key: Ed25519.PrivateKey, kid: String = "ed1", claims: JSONValue) -> String {
        token(header: ["alg": "EdDSA", "typ": "JWT", "kid": .string(kid)], claims: claims) { key.signature(for: $0) }
    }

    static func hs256(_ secret: [UInt8], kid: String = "hs1", claims: JSONValue) -> String {
        token(header: ["alg": "HS256", "typ": "JWT", "kid": .string(kid)], claims: claims) { HMACSHA256.mac(key: secret, message: $0) }
    }

    static func claims(tenant: String = "t1", sub: String = "user-1", exp: Int64 = Int64(Date().timeIntervalSince1970) + 600,
                       iss: String = "https://idp.test", aud: JSONValue = "alga-ext", extra: JSONObject = [:]) -> JSONValue {
        var o: JSONObject = ["iss": .string(iss), "aud": aud, "sub": .string(sub), "tenant": .string(tenant),
                             "exp": .number(JSONNumber(exp))]
        for (k, v) in extra { o[k] = v }
        return .object(o)
    }

    /// A key file with one Ed25519 key (`ed1`) and one HS256 secret (`hs1`) in a new temporary directory.
    static func keyFile(ed: Ed25519.PrivateKey, hs: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gw-jwt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/jwt-keys"
        try "# test keys\ned1 EdDSA \(Base64.encode(ed.publicKey.rawRepresentation))\nhs1 HS256 \(Base64.encode(hs))\nbad line\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func settings(keysFile: String) throws -> AuthSettings {
        try AuthSettings(environment: Environment(["GATEWAY_JWT_KEYS_FILE": keysFile, "GATEWAY_JWT_ISSUER": "https://idp.test",
                                                   "GATEWAY_JWT_AUDIENCE": "alga-ext"]))
    }
}
