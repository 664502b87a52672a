import Bundle
import Shared
import WasmHost

/// `metrics.emit` (§4.8), capability `metrics`.
struct MetricsFactor: HostFactor {
    let metrics: GuestMetrics

    var capability: String? { Capability.metrics.rawValue }

    var imports: [HostImport] {
        [
            HostImport("metrics.emit", [.i32, .i32, .i32, .f64, .i32, .i32], capability: capability) {
                state, caller, args throws(GuestCallError) in
                let name = try caller.guestText(args.u32(1), args.u32(2), "metric name")
                let labelText = try caller.guestText(args.u32(4), args.u32(5), "labels")
                guard let kind = GuestMetrics.Kind(rawValue: args.i32(0)) else {
                    throw GuestCallError(.invalidArgument, "kind \(args.i32(0)) is not 0 (counter), 1 (gauge) or 2 (histogram)")
                }
                guard MetricsFactor.isName(name, max: 64) else {
                    throw GuestCallError(.invalidArgument, "metric name must be 1-64 bytes of [a-z][a-z0-9_]*")
                }
                let value = args.f64(3)
                guard value.isFinite, kind != .counter || value >= 0 else {
                    throw GuestCallError(.invalidArgument, "value \(value) must be finite\(kind == .counter ? " and >= 0" : "")")
                }
                let labels = try MetricsFactor.labels(labelText)
                guard state.metricEmits < state.limits.metricEmits else {
                    throw GuestCallError(.limitExceeded, "more than \(state.limits.metricEmits) metric emits per execution")
                }
                state.metricEmits += 1
                let context = state.request.context
                try state.metrics.emit(tenant: context.tenantID, extensionID: context.extensionID, kind: kind, name: name,
                                       labels: labels, value: value)
                return .i32(0)
            },
        ]
    }

    /// The labels JSON: `""` for none, else an object of at most 4 string values (§4.8).
    static func labels(_ text: String) throws(GuestCallError) -> [NameValuePair] {
        if text.isEmpty { return [] }
        guard let value = try? JSONValue.parse(text, limits: JSONLimits(maxBytes: 4096, maxDepth: 2)),
              let object = value.objectValue
        else { throw GuestCallError(.invalidArgument, "labels must be a JSON object") }
        var pairs: [NameValuePair] = []
        for (name, member) in object {
            guard let string = member.stringValue else {
                throw GuestCallError(.invalidArgument, "label '\(name)' must be a string")
            }
            guard isName(name, max: 32), !["tenant", "extension", "le", "quantile"].contains(name), !name.hasPrefix("__")
            else { throw GuestCallError(.invalidArgument, "label name '\(name)' is not allowed") }
            guard string.utf8.count <= 64 else {
                throw GuestCallError(.invalidArgument, "label '\(name)' value exceeds 64 bytes")
            }
            pairs.append(NameValuePair(name, string))
        }
        guard pairs.count <= 4 else { throw GuestCallError(.invalidArgument, "more than 4 labels") }
        return pairs.sorted { $0.name < $1.name }
    }

    /// 1-`max` bytes of `[a-z][a-z0-9_]*`.
    static func isName(_ s: String, max: Int) -> Bool {
        let u = Array(s.utf8)
        guard (1...max).contains(u.count), (97...122).contains(u[0]) else { return false }
        return u.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }
}
