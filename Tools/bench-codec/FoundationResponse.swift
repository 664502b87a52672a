import Foundation

/// Codable mirror of ExecuteResponse for Foundation's coders. Benchmark only.
struct FoundationResponse: Codable {
    struct Usage: Codable {
        var duration_us, cpu_us, memory_peak_bytes, fuel_used, egress_bytes, host_calls: UInt64
    }
    struct Failure: Codable { var code, message: String }
    var version: Int
    var status: Int
    var headers: [[String]]
    var body_b64: Data
    var error: Failure?
    var usage: Usage
}
