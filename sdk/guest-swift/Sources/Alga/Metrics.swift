/// Metrics through `metrics.emit` (grant `metrics`); exposed by the runner as `alga_ext_<name>`
/// with the tenant and extension labels added. At most 4 labels; see docs/guest-abi.md §4.8.
public enum Metrics {
    public enum Kind: Int32 {
        case counter = 0, gauge = 1, histogram = 2
    }

    /// Adds `value` (finite, >= 0) to a counter.
    public static func counter(_ name: String, _ value: Double = 1, labels: [(String, String)] = []) throws(AlgaError) {
        try emit(.counter, name, value, labels: labels)
    }

    /// Sets a gauge.
    public static func gauge(_ name: String, _ value: Double, labels: [(String, String)] = []) throws(AlgaError) {
        try emit(.gauge, name, value, labels: labels)
    }

    /// Observes a value in a histogram with the host's buckets.
    public static func histogram(_ name: String, _ value: Double, labels: [(String, String)] = []) throws(AlgaError) {
        try emit(.histogram, name, value, labels: labels)
    }

    public static func emit(_ kind: Kind, _ name: String, _ value: Double, labels: [(String, String)]) throws(AlgaError) {
        let labelText = labels.isEmpty ? "" : JSONWriter.write(.object(labels.map { ($0.0, JSONValue.string($0.1)) }))
        let result = withUTF8(name) { namePointer, nameLength in
            withUTF8(labelText) { alga_metrics_emit(kind.rawValue, namePointer, nameLength, value, $0, $1) }
        }
        _ = try AlgaError.check(result)
    }
}
