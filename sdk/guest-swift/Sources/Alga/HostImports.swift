// The wasm@1 imports (module "alga"), one declaration per import of docs/guest-abi.md §4.
// Pointers and lengths are unsigned 32-bit offsets into the guest's memory; a length of 0 means
// the pointer is ignored, so an empty buffer's nil base address is fine.

@_extern(wasm, module: "alga", name: "request.head") @_extern(c)
func alga_request_head() -> Int32

@_extern(wasm, module: "alga", name: "request.body") @_extern(c)
func alga_request_body() -> Int32

@_extern(wasm, module: "alga", name: "response.set_status") @_extern(c)
func alga_response_set_status(_ status: Int32) -> Int32

@_extern(wasm, module: "alga", name: "response.add_header") @_extern(c)
func alga_response_add_header(
    _ name: UnsafeRawPointer?, _ nameLength: UInt32, _ value: UnsafeRawPointer?, _ valueLength: UInt32
) -> Int32

@_extern(wasm, module: "alga", name: "response.write") @_extern(c)
func alga_response_write(_ pointer: UnsafeRawPointer?, _ length: UInt32) -> Int32

@_extern(wasm, module: "alga", name: "response.finish") @_extern(c)
func alga_response_finish() -> Int32

@_extern(wasm, module: "alga", name: "result.len") @_extern(c)
func alga_result_len(_ handle: Int32) -> Int32

@_extern(wasm, module: "alga", name: "result.read") @_extern(c)
func alga_result_read(_ handle: Int32, _ offset: Int32, _ pointer: UnsafeMutableRawPointer?, _ capacity: UInt32) -> Int32

@_extern(wasm, module: "alga", name: "result.free") @_extern(c)
func alga_result_free(_ handle: Int32) -> Int32

@_extern(wasm, module: "alga", name: "error.last") @_extern(c)
func alga_error_last() -> Int32

@_extern(wasm, module: "alga", name: "context.get") @_extern(c)
func alga_context_get() -> Int32

@_extern(wasm, module: "alga", name: "clock.wall_ns") @_extern(c)
func alga_clock_wall_ns() -> Int64

@_extern(wasm, module: "alga", name: "clock.monotonic_ns") @_extern(c)
func alga_clock_monotonic_ns() -> Int64

@_extern(wasm, module: "alga", name: "random.fill") @_extern(c)
func alga_random_fill(_ pointer: UnsafeMutableRawPointer?, _ length: UInt32) -> Int32

@_extern(wasm, module: "alga", name: "log.write") @_extern(c)
func alga_log_write(_ level: Int32, _ message: UnsafeRawPointer?, _ length: UInt32) -> Int32

@_extern(wasm, module: "alga", name: "metrics.emit") @_extern(c)
func alga_metrics_emit(
    _ kind: Int32, _ name: UnsafeRawPointer?, _ nameLength: UInt32, _ value: Double,
    _ labels: UnsafeRawPointer?, _ labelsLength: UInt32
) -> Int32

@_extern(wasm, module: "alga", name: "http.fetch") @_extern(c)
func alga_http_fetch(
    _ head: UnsafeRawPointer?, _ headLength: UInt32, _ body: UnsafeRawPointer?, _ bodyLength: UInt32,
    _ bodyHandleOut: UnsafeMutablePointer<UInt32>?
) -> Int32

@_extern(wasm, module: "alga", name: "secrets.get") @_extern(c)
func alga_secrets_get(_ name: UnsafeRawPointer?, _ nameLength: UInt32) -> Int32

@_extern(wasm, module: "alga", name: "storage.get") @_extern(c)
func alga_storage_get(_ key: UnsafeRawPointer?, _ keyLength: UInt32, _ revisionOut: UnsafeMutablePointer<UInt64>?) -> Int32

@_extern(wasm, module: "alga", name: "storage.put") @_extern(c)
func alga_storage_put(
    _ key: UnsafeRawPointer?, _ keyLength: UInt32, _ value: UnsafeRawPointer?, _ valueLength: UInt32,
    _ expectedRevision: Int64, _ revisionOut: UnsafeMutablePointer<UInt64>?
) -> Int32

@_extern(wasm, module: "alga", name: "storage.delete") @_extern(c)
func alga_storage_delete(_ key: UnsafeRawPointer?, _ keyLength: UInt32, _ expectedRevision: Int64) -> Int32

@_extern(wasm, module: "alga", name: "storage.list") @_extern(c)
func alga_storage_list(
    _ prefix: UnsafeRawPointer?, _ prefixLength: UInt32, _ cursor: UnsafeRawPointer?, _ cursorLength: UInt32,
    _ limit: Int32
) -> Int32

/// Writes a pending `print()` line (sdk/guest-c/alga_runtime.c).
@_extern(c, "alga_runtime_flush")
func alga_runtime_flush()
