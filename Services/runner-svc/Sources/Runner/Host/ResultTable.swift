/// Host-side results of one execution (docs/guest-abi.md §3.3): immutable byte strings the guest
/// reads by handle. Handles start at 1 and are never reused within an execution.
///
/// A short array in handle order (at most `limit` entries, a handful in practice): found by
/// binary search, with no hashing per host call.
struct ResultTable {
    private var entries: [(handle: Int32, bytes: [UInt8])] = []
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
        entries.append((handle, bytes))
        return handle
    }

    func bytes(_ handle: Int32) throws(GuestCallError) -> [UInt8] {
        guard let i = index(of: handle) else { throw GuestCallError(.invalidArgument, "unknown result handle \(handle)") }
        return entries[i].bytes
    }

    mutating func free(_ handle: Int32) throws(GuestCallError) {
        guard let i = index(of: handle) else { throw GuestCallError(.invalidArgument, "unknown result handle \(handle)") }
        entries.remove(at: i)
    }

    /// Where `handle` is (entries are sorted by handle: each new one is the largest so far).
    private func index(of handle: Int32) -> Int? {
        var (low, high) = (0, entries.count)
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].handle < handle { low = mid + 1 } else { high = mid }
        }
        return low < entries.count && entries[low].handle == handle ? low : nil
    }
}
