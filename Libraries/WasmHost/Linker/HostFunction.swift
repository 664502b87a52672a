/// The body of a host function: reads its arguments, may read and write the calling guest's
/// memory and per-store user data through `caller`, and returns exactly the declared results.
///
/// Report failures to the guest as return values (negative codes in the guest ABI): a host
/// function must never crash the process. Throw a `Trap` only to stop the guest on purpose (e.g.
/// `Trap(.abiMisuse, "...")`); the call then fails with that trap. The body runs on the thread
/// that called into the guest, possibly on many threads at once (one store each), so it must
/// be `@Sendable` and keep per-request state in the store's user data.
public typealias HostFunction = @Sendable (borrowing Caller, borrowing HostArguments) throws(Trap) -> [Value]

/// A host function with exactly one result, returned as a value: the common shape of guest-ABI
/// imports, called without allocating a results array (see `Linker.define(_:_:params:result:_:)`).
public typealias ScalarHostFunction = @Sendable (borrowing Caller, borrowing HostArguments) throws(Trap) -> Value
