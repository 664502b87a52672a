import Shared

/// A compact binary form of ``ExecuteRequest`` for the internal hop, built only to measure the
/// option against JSON (docs/design/002-wire-codec.md): varint integers, length-prefixed UTF-8
/// strings, fields in a fixed order. It validates UTF-8 and lengths but none of the wire rules,
/// so its numbers are a lower bound for what a production binary codec would cost.
enum BinaryPrototype {
    static func encode(_ r: ExecuteRequest) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(512 + r.http.body.count)
        varint(UInt64(r.version), &out)
        list(r.mustUnderstand, &out)
        for s in [r.context.requestID, r.context.tenantID, r.context.extensionID, r.context.installID,
                  r.context.versionID, r.context.contentHash] { string(s, &out) }
        varint(UInt64(r.context.config.count), &out)
        for (k, v) in r.context.config.sorted(by: { $0.key < $1.key }) {
            string(k, &out)
            string(v, &out)
        }
        string(r.http.method, &out)
        string(r.http.path, &out)
        pairs(r.http.query, &out)
        pairs(r.http.headers, &out)
        bytes(r.http.body, &out)
        varint(UInt64(r.limits.timeoutMs), &out)
        varint(UInt64(r.limits.memoryMB), &out)
        varint(r.limits.fuel ?? 0, &out)
        list(r.grants, &out)
        list(r.egress.allow, &out)
        string(r.scopedToken, &out)
        string(r.endpoint?.route ?? "", &out)
        string(r.endpoint?.handler ?? "", &out)
        out.append(UInt8(r.endpoint?.params.count ?? 0))
        for (k, v) in (r.endpoint?.params ?? [:]).sorted(by: { $0.key < $1.key }) {
            string(k, &out)
            string(v, &out)
        }
        return out
    }

    static func decode(_ input: [UInt8]) throws -> ExecuteRequest {
        try input.withUnsafeBufferPointer { buffer in
            var c = BinaryCursor(buffer)
            let version = Int(try c.varint())
            let mustUnderstand = try c.list()
            let ids = try (0..<6).map { _ in try c.string() }
            var config = [String: String]()
            for _ in 0..<(try c.count()) { config[try c.string()] = try c.string() }
            let method = try c.string(), path = try c.string()
            let query = try c.pairs(), headers = try c.pairs()
            let body = try c.bytes()
            let timeout = Int(try c.varint()), memory = Int(try c.varint()), fuel = try c.varint()
            let grants = try c.list(), allow = try c.list()
            let token = try c.string(), route = try c.string(), handler = try c.string()
            var params = [String: String]()
            for _ in 0..<(try c.count()) { params[try c.string()] = try c.string() }
            return ExecuteRequest(
                version: version, mustUnderstand: mustUnderstand,
                context: ExecuteContext(requestID: ids[0], tenantID: ids[1], extensionID: ids[2], installID: ids[3],
                                        versionID: ids[4], contentHash: ids[5], config: config),
                http: ExecuteHTTPRequest(method: method, path: path, query: query, headers: headers, body: body),
                limits: ExecuteLimits(timeoutMs: timeout, memoryMB: memory, fuel: fuel == 0 ? nil : fuel),
                grants: grants, egress: EgressPolicy(allow: allow), scopedToken: token,
                endpoint: route.isEmpty ? nil : ExecuteEndpoint(route: route, handler: handler, params: params))
        }
    }

    private static func varint(_ v: UInt64, _ out: inout [UInt8]) {
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    private static func bytes(_ b: [UInt8], _ out: inout [UInt8]) {
        varint(UInt64(b.count), &out)
        out.append(contentsOf: b)
    }

    private static func string(_ s: String, _ out: inout [UInt8]) {
        varint(UInt64(s.utf8.count), &out)
        out.append(contentsOf: s.utf8)
    }

    private static func list(_ l: [String], _ out: inout [UInt8]) {
        varint(UInt64(l.count), &out)
        for s in l { string(s, &out) }
    }

    private static func pairs(_ p: [NameValuePair], _ out: inout [UInt8]) {
        varint(UInt64(p.count), &out)
        for pair in p {
            string(pair.name, &out)
            string(pair.value, &out)
        }
    }
}
