import Shared

/// Range-checked reads shared by the gateway's settings structs.
enum ConfigReading {
    static func int(_ env: Environment, _ name: String, default value: Int, in range: ClosedRange<Int>)
        throws(ConfigError) -> Int
    {
        let n = try env.get(name, default: value)
        guard range.contains(n) else {
            throw ConfigError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
        }
        return n
    }

    static func int64(_ env: Environment, _ name: String, default value: Int64, in range: ClosedRange<Int64>)
        throws(ConfigError) -> Int64
    {
        let n = try env.get(name, default: ByteSize(value)).bytes
        guard range.contains(n) else {
            throw ConfigError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
        }
        return n
    }

    static func double(_ env: Environment, _ name: String, default value: Double, in range: ClosedRange<Double>)
        throws(ConfigError) -> Double
    {
        let n = try env.get(name, default: value)
        guard range.contains(n) else {
            throw ConfigError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(n)")
        }
        return n
    }
}
