import Shared

/// Range-checked byte sizes for the gateway's settings structs (plain numbers use
/// `Environment.get(_:default:in:)`).
enum ConfigReading {
    static func int64(_ env: Environment, _ name: String, default value: Int64, in range: ClosedRange<Int64>)
        throws(ConfigError) -> Int64
    {
        let n = try env.get(name, default: ByteSize(value)).bytes
        guard range.contains(n) else {
            throw ConfigError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
        }
        return n
    }
}
