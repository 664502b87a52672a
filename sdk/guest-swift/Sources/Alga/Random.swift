/// Cryptographically secure random bytes from the host (always available).
public enum Random {
    /// `count` random bytes (any count; requested from the host 64 KiB at a time).
    public static func bytes(_ count: Int) throws(AlgaError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let chunk = min(count - done, 65536)
            let result = bytes.withUnsafeMutableBytes { alga_random_fill($0.baseAddress! + done, UInt32(chunk)) }
            _ = try AlgaError.check(result)
            done += chunk
        }
        return bytes
    }
}
