// host-calls-swift: calls every import family once through the Swift SDK and answers 200 with a
// JSON report of what each call gave: "ok" (or a value) on success, the error name otherwise.
// The report therefore shows the effect of the install's grants, e.g. {"log":"ok",
// "http_fetch":"denied", "storage_put":"unavailable", ...}. Query parameters: `url` (fetched,
// default http://127.0.0.1:9/), `secret` (default "api_key"), `key` (storage key, default
// "host-calls/probe").
import Alga

@_expose(wasm, "alga_handle")
@_cdecl("alga_handle")
func algaHandle() -> Int32 {
    var router = Router()
    router.fallback { request, response in
        response.json(.object(report(request)))
    }
    return router.run()
}

func outcome(_ body: () throws(AlgaError) -> JSONValue) -> JSONValue {
    do {
        return try body()
    } catch {
        return .string(error.name)
    }
}

func report(_ request: Request) -> [(String, JSONValue)] {
    var out: [(String, JSONValue)] = []
    out.append(("request", .object([
        ("method", .string(request.method)), ("path", .string(request.path)),
        ("body_len", .number(JSONNumber(Int64(request.body.count)))),
    ])))
    out.append(("context", outcome { () throws(AlgaError) in
        let context = try Context.current()
        return .object([("tenant_id", .string(context.tenantID)), ("request_id", .string(context.requestID))])
    }))
    let logged = Log.write(.info, "host-calls: probing every family")
    out.append(("log", logged >= 0 ? .string("ok") : .string(AlgaError(code: logged).name)))
    out.append(("metrics", outcome { () throws(AlgaError) in
        try Metrics.counter("host_calls_probes", 1, labels: [("family", "metrics")])
        return .string("ok")
    }))
    let wall = Clock.wallNanoseconds
    let first = Clock.monotonicNanoseconds
    let second = Clock.monotonicNanoseconds
    out.append(("clock", .object([
        ("wall_after_2020", .bool(wall > 1_577_836_800_000_000_000)),
        ("monotonic_ordered", .bool(second >= first)),
    ])))
    out.append(("random", outcome { () throws(AlgaError) in
        let bytes = try Random.bytes(32)
        return .string(bytes.contains { $0 != 0 } ? "ok" : "all_zero")
    }))
    out.append(("http_fetch", outcome { () throws(AlgaError) in
        let response = try HTTP.get(request.query("url") ?? "http://127.0.0.1:9/")
        return .object([("status", .number(JSONNumber(Int64(response.status)))),
                        ("body_len", .number(JSONNumber(Int64(response.body.count))))])
    }))
    out.append(("secrets_get", outcome { () throws(AlgaError) in
        let value = try Secrets.get(request.query("secret") ?? "api_key")
        return .object([("length", .number(JSONNumber(Int64(value.count))))])
    }))
    out.append(contentsOf: storageReport(key: request.query("key") ?? "host-calls/probe"))
    out.append(("error_last", errorDetailProbe()))
    return out
}

func storageReport(key: String) -> [(String, JSONValue)] {
    var revision: UInt64 = 0
    let put = outcome { () throws(AlgaError) in
        revision = try Storage.put(key, "v1", condition: .any)
        return .number(JSONNumber(Int64(truncatingIfNeeded: revision)))
    }
    let get = outcome { () throws(AlgaError) in
        guard let entry = try Storage.get(key) else { return .string("missing") }
        return .string(entry.text)
    }
    let conflict = outcome { () throws(AlgaError) in
        try Storage.put(key, "v2", condition: .revision(revision + 1000))
        return .string("accepted a stale revision")
    }
    let list = outcome { () throws(AlgaError) in
        let page = try Storage.list(prefix: key, limit: 10)
        return .number(JSONNumber(Int64(page.items.count)))
    }
    let delete = outcome { () throws(AlgaError) in
        .bool(try Storage.delete(key))
    }
    return [("storage_put", put), ("storage_get", get), ("storage_conflict", conflict),
            ("storage_list", list), ("storage_delete", delete)]
}

/// Makes one call fail on purpose and reports the code and the host's `error.last` detail.
func errorDetailProbe() -> JSONValue {
    do {
        try Metrics.counter("Invalid Name")
        return .string("accepted an invalid metric name")
    } catch {
        return .object([("code", .string(error.name)), ("detail", .string(error.detail))])
    }
}
