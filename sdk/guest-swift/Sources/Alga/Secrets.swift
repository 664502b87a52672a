/// Install secrets through `secrets.get` (grant `secrets.get`). Values stay in guest memory only
/// for this execution; never log them.
public enum Secrets {
    /// The secret's raw value; throws `notFound` when the install has no such secret.
    public static func get(_ name: String) throws(AlgaError) -> [UInt8] {
        try HostResult.take(withUTF8(name) { alga_secrets_get($0, $1) })
    }

    /// The secret's value as text.
    public static func string(_ name: String) throws(AlgaError) -> String {
        String(decoding: try get(name), as: UTF8.self)
    }
}
