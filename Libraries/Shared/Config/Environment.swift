import Foundation

/// Read-only view of configuration variables. Services build their config struct from one of
/// these at start-up; tests pass a dictionary instead of touching the process environment.
public struct Environment: Sendable {
    public let values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// The current process environment.
    public static var process: Environment { Environment(ProcessInfo.processInfo.environment) }

    /// The raw value; empty strings count as unset.
    public func get(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    /// The parsed value, or `defaultValue` when unset. A set but unparsable value is an error naming the variable.
    public func get<T: ConfigValue>(_ name: String, default defaultValue: T) throws(ConfigError) -> T {
        guard let raw = get(name) else { return defaultValue }
        return try parse(name, raw)
    }

    /// The parsed value, or `defaultValue` when unset; either must lie in `range` (an error naming
    /// the variable and the bounds otherwise).
    public func get<T: ConfigValue & Comparable>(_ name: String, default defaultValue: T, in range: ClosedRange<T>)
        throws(ConfigError) -> T
    {
        let value = try get(name, default: defaultValue)
        guard range.contains(value) else {
            throw ConfigError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
        }
        return value
    }

    /// The parsed value, or nil when unset.
    public func optional<T: ConfigValue>(_ name: String, as: T.Type = T.self) throws(ConfigError) -> T? {
        guard let raw = get(name) else { return nil }
        return try parse(name, raw)
    }

    /// The parsed value; unset is an error naming the variable.
    public func require<T: ConfigValue>(_ name: String, as: T.Type = T.self) throws(ConfigError) -> T {
        guard let raw = get(name) else { throw ConfigError(variable: name, reason: "is required but not set") }
        return try parse(name, raw)
    }

    private func parse<T: ConfigValue>(_ name: String, _ raw: String) throws(ConfigError) -> T {
        guard let v = T.parseConfig(raw) else {
            throw ConfigError(variable: name, reason: "must be \(T.configTypeDescription), got '\(raw)'")
        }
        return v
    }
}

/// A start-up configuration error; the message names the variable so the operator can fix it.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public let variable: String
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "configuration error: \(variable) \(reason)" }
}

/// A type a configuration variable can be parsed into.
public protocol ConfigValue: Sendable {
    static func parseConfig(_ raw: String) -> Self?
    static var configTypeDescription: String { get }
}

extension String: ConfigValue {
    public static func parseConfig(_ raw: String) -> String? { raw }
    public static var configTypeDescription: String { "a string" }
}

extension Int: ConfigValue {
    public static func parseConfig(_ raw: String) -> Int? { Int(raw.trimmingCharacters(in: .whitespaces)) }
    public static var configTypeDescription: String { "an integer" }
}

extension UInt64: ConfigValue {
    public static func parseConfig(_ raw: String) -> UInt64? { UInt64(raw.trimmingCharacters(in: .whitespaces)) }
    public static var configTypeDescription: String { "a non-negative integer" }
}

extension Double: ConfigValue {
    public static func parseConfig(_ raw: String) -> Double? {
        guard let d = Double(raw.trimmingCharacters(in: .whitespaces)), d.isFinite else { return nil }
        return d
    }
    public static var configTypeDescription: String { "a number" }
}

extension Bool: ConfigValue {
    public static func parseConfig(_ raw: String) -> Bool? {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }
    public static var configTypeDescription: String { "a boolean (true/false, 1/0, yes/no, on/off)" }
}

extension Array: ConfigValue where Element == String {
    /// Comma-separated list; blanks are dropped.
    public static func parseConfig(_ raw: String) -> [String]? {
        raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    public static var configTypeDescription: String { "a comma-separated list" }
}

/// A positive byte size: plain bytes or with a suffix `KiB`, `MiB`, `GiB` (also `k`, `m`, `g`).
public struct ByteSize: ConfigValue, Equatable, Comparable, CustomStringConvertible {
    public var bytes: Int64
    public init(_ bytes: Int64) { self.bytes = bytes }
    public static func mib(_ n: Int64) -> ByteSize { ByteSize(n << 20) }
    public static func kib(_ n: Int64) -> ByteSize { ByteSize(n << 10) }
    public static func < (a: ByteSize, b: ByteSize) -> Bool { a.bytes < b.bytes }
    public var description: String { String(bytes) }

    public static func parseConfig(_ raw: String) -> ByteSize? {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int64)] = [("gib", 1 << 30), ("mib", 1 << 20), ("kib", 1 << 10), ("g", 1 << 30),
                                        ("m", 1 << 20), ("k", 1 << 10), ("b", 1)]
        for (suffix, mult) in units where s.hasSuffix(suffix) {
            guard let n = Int64(s.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n >= 0,
                  n <= Int64.max / mult else { return nil }
            return ByteSize(n * mult)
        }
        guard let n = Int64(s), n >= 0 else { return nil }
        return ByteSize(n)
    }
    public static var configTypeDescription: String { "a byte size (e.g. 1048576, 64KiB, 512MiB)" }
}
