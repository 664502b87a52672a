/// Host-side results of one execution (docs/guest-abi.md §3.3): immutable byte strings the guest
/// reads by handle. Handles start at 1 and are never reused within an execution.
struct ResultTable {
    private var entries: [Int32: [UInt8]] = [:]
    private var nextHandle: Int32 = 1
    let limit: Int

    init(limit: Int) { self.limit = limit }

    var openCount: Int { entries.count }

    /// Whether `count` more results can be opened now.
    func hasRoom(for count: Int = 1) -> Bool { entries.count + count <= limit }

    /// Stores `bytes` and returns its handle.
    /// - Throws: `limit_exceeded` when `limit` results are already open.
    mutating func open(_ bytes: [UInt8]) throws(GuestCallError) -> Int32 {
        guard hasRoom() else {
            throw GuestCallError(.limitExceeded, "\(limit) results are open; free one first")
        }
        let handle = nextHandle
        nextHandle += 1
        entries[handle] = bytes
        return handle
    }

    func bytes(_ handle: Int32) throws(GuestCallError) -> [UInt8] {
        guard let bytes = entries[handle] else { throw GuestCallError(.invalidArgument, "unknown result handle \(handle)") }
        return bytes
    }

    mutating func free(_ handle: Int32) throws(GuestCallError) {
        guard entries.removeValue(forKey: handle) != nil else {
            throw GuestCallError(.invalidArgument, "unknown result handle \(handle)")
        }
    }
}
