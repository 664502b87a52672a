import Bundle
import HTTPCore
import Shared
import WasmHost

/// `storage.get/put/delete/list` (docs/guest-abi.md §4.11), capability `storage.kv`: the
/// install's key-value store, through the registry's internal API with the request's scoped
/// token (so an execution reaches only its own install's keys, under that tenant's row-level
/// security). Revisions come from the registry: compare-and-set and quotas hold there, whatever
/// runs concurrently. At most 256 storage calls per execution.
struct StorageFactor: HostFactor {
    let backends: CapabilityBackends?

    var capability: String? { Capability.storageKV.rawValue }

    var imports: [HostImport] {
        [
            HostImport("storage.get", [.i32, .i32, .i32], capability: capability) { state, caller, args throws(GuestCallError) in
                let key = try Self.key(caller, args.u32(0), args.u32(1), state.limits)
                try caller.requireRange(args.u32(2), 8, "revision_out")
                try Self.admit(state, results: 1)
                let response = try Self.registry(backends).call(
                    "GET", "/v1/internal/kv/item?key=" + RegistryClient.queryEscaped(key), scopedToken: state.request.scopedToken,
                    remainingMs: state.remainingMilliseconds, maxResponseBytes: state.limits.storageValueBytes)
                guard let revision = response.headers["x-alga-revision"].flatMap(UInt64.init) else {
                    throw GuestCallError(.internal, "the registry's answer has no revision")
                }
                let handle = try state.results.open(response.body)
                try caller.guestWrite(FetchFactor.littleEndian(revision), at: args.u32(2), "revision_out")
                return .i32(handle)
            },
            HostImport("storage.put", [.i32, .i32, .i32, .i32, .i64, .i32], capability: capability) {
                state, caller, args throws(GuestCallError) in
                let key = try Self.key(caller, args.u32(0), args.u32(1), state.limits)
                let (valuePtr, valueLen, expected, out) = (args.u32(2), args.u32(3), args.i64(4), args.u32(5))
                try caller.requireRange(valuePtr, valueLen, "value")
                try caller.requireRange(out, 8, "revision_out")
                guard expected >= -1 else { throw GuestCallError(.invalidArgument, "expected_revision \(expected) is below -1") }
                guard valueLen <= UInt32(state.limits.storageValueBytes) else {
                    throw GuestCallError(.tooLarge, "value of \(valueLen) bytes exceeds \(state.limits.storageValueBytes)")
                }
                try Self.admit(state, results: 0)
                let value = try caller.guestBytes(valuePtr, valueLen, "value")
                let response = try Self.registry(backends).call(
                    "PUT", "/v1/internal/kv/item?key=\(RegistryClient.queryEscaped(key))&expected_revision=\(expected)",
                    scopedToken: state.request.scopedToken, body: value, remainingMs: state.remainingMilliseconds,
                    maxResponseBytes: 4096)
                guard let revision = (try? JSONValue.parse(response.body))?["revision"]?.numberValue?.uint64Value else {
                    throw GuestCallError(.internal, "the registry's answer has no revision")
                }
                try caller.guestWrite(FetchFactor.littleEndian(revision), at: out, "revision_out")
                return .i32(0)
            },
            HostImport("storage.delete", [.i32, .i32, .i64], capability: capability) { state, caller, args throws(GuestCallError) in
                let key = try Self.key(caller, args.u32(0), args.u32(1), state.limits)
                let expected = args.i64(2)
                guard expected == -1 || expected >= 1 else {
                    throw GuestCallError(.invalidArgument, "expected_revision must be -1 or a revision >= 1, got \(expected)")
                }
                try Self.admit(state, results: 0)
                _ = try Self.registry(backends).call(
                    "DELETE", "/v1/internal/kv/item?key=\(RegistryClient.queryEscaped(key))&expected_revision=\(expected)",
                    scopedToken: state.request.scopedToken, remainingMs: state.remainingMilliseconds, maxResponseBytes: 4096)
                return .i32(0)
            },
            HostImport("storage.list", [.i32, .i32, .i32, .i32, .i32], capability: capability) {
                state, caller, args throws(GuestCallError) in
                let limits = state.limits
                let prefix = try caller.guestText(args.u32(0), args.u32(1), "prefix")
                if !prefix.isEmpty { try Self.validateKey(prefix, "prefix", limits) }
                let cursor = try caller.guestText(args.u32(2), args.u32(3), "cursor")
                guard cursor.utf8.count <= limits.storageCursorBytes, cursor.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
                    throw GuestCallError(.invalidArgument, "cursor is not one this listing issued")
                }
                let limit = args.i32(4)
                guard (1...Int32(limits.storageListLimit)).contains(limit) else {
                    throw GuestCallError(.invalidArgument, "limit \(limit) is outside 1...\(limits.storageListLimit)")
                }
                try Self.admit(state, results: 1)
                var path = "/v1/internal/kv/list?limit=\(limit)&prefix=" + RegistryClient.queryEscaped(prefix)
                if !cursor.isEmpty { path += "&cursor=" + RegistryClient.queryEscaped(cursor) }
                let response = try Self.registry(backends).call(
                    "GET", path, scopedToken: state.request.scopedToken, remainingMs: state.remainingMilliseconds,
                    maxResponseBytes: 256 << 10)
                return .i32(try state.results.open(try Self.listing(response.body)))
            },
        ]
    }

    private static func registry(_ backends: CapabilityBackends?) throws(GuestCallError) -> RegistryClient {
        guard let backends else { throw GuestCallError(.unavailable, "this runner has no registry client") }
        return backends.registry
    }

    /// The storage-call budget and room for the results the call opens; counts the call.
    private static func admit(_ state: ExecutionState, results: Int) throws(GuestCallError) {
        guard state.storageCalls < state.limits.storageCalls else {
            throw GuestCallError(.limitExceeded, "more than \(state.limits.storageCalls) storage calls per execution")
        }
        guard state.results.hasRoom(for: results) else {
            throw GuestCallError(.limitExceeded, "\(state.limits.openResults) results are open; free one first")
        }
        state.storageCalls += 1
    }

    private static func key(_ caller: borrowing Caller, _ ptr: UInt32, _ len: UInt32,
                            _ limits: GuestLimits) throws(GuestCallError) -> String {
        let key = try caller.guestText(ptr, len, "key")
        try validateKey(key, "key", limits)
        return key
    }

    /// 1–256 bytes of UTF-8 without control characters (U+0000–U+001F, U+007F).
    static func validateKey(_ key: String, _ what: String, _ limits: GuestLimits) throws(GuestCallError) {
        guard (1...limits.storageKeyBytes).contains(key.utf8.count),
              key.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }) else {
            throw GuestCallError(.invalidArgument, "\(what) must be 1-\(limits.storageKeyBytes) bytes of UTF-8 without control characters")
        }
    }

    /// The registry's listing rewritten to exactly the documented shape:
    /// `{"items":[{"key","revision","size"}],"next_cursor":…|null}`.
    static func listing(_ body: [UInt8]) throws(GuestCallError) -> [UInt8] {
        guard let json = try? JSONValue.parse(body, limits: JSONLimits(maxBytes: 256 << 10, maxDepth: 8)),
              let items = json["items"]?.arrayValue else {
            throw GuestCallError(.internal, "the registry's listing is malformed")
        }
        var w = JSONWriter(capacity: body.count + 32)
        w.beginObject()
        w.key("items")
        w.beginArray()
        for item in items {
            guard let key = item["key"]?.stringValue, let revision = item["revision"]?.numberValue?.uint64Value,
                  let size = item["size"]?.numberValue?.uint64Value else {
                throw GuestCallError(.internal, "the registry's listing is malformed")
            }
            w.beginObject()
            w.key("key")
            w.string(key)
            w.key("revision")
            w.uint(revision)
            w.key("size")
            w.uint(size)
            w.endObject()
        }
        w.endArray()
        w.key("next_cursor")
        if let next = json["next_cursor"]?.stringValue { w.string(next) } else { w.null() }
        w.endObject()
        return w.bytes
    }
}
