#[link(wasm_import_module = "alga")]
extern "C" {
    #[link_name = "request.head"] fn request_head() -> i32;
    #[link_name = "request.body"] fn request_body() -> i32;
    #[link_name = "response.set_status"] fn response_set_status(status: i32) -> i32;
    #[link_name = "response.add_header"] fn response_add_header(name: *const u8, name_len: u32, value: *const u8, value_len: u32) -> i32;
    #[link_name = "response.write"] fn response_write(ptr: *const u8, len: u32) -> i32;
    #[link_name = "response.finish"] fn response_finish() -> i32;
    #[link_name = "result.len"] fn result_len(handle: i32) -> i32;
    #[link_name = "result.read"] fn result_read(handle: i32, offset: i32, ptr: *mut u8, cap: u32) -> i32;
    #[link_name = "result.free"] fn result_free(handle: i32) -> i32;
    #[link_name = "error.last"] fn error_last() -> i32;
    #[link_name = "context.get"] fn context_get() -> i32;
    #[link_name = "clock.wall_ns"] fn clock_wall_ns() -> i64;
    #[link_name = "clock.monotonic_ns"] fn clock_monotonic_ns() -> i64;
    #[link_name = "random.fill"] fn random_fill(ptr: *mut u8, len: u32) -> i32;
    #[link_name = "log.write"] fn log_write(level: i32, msg: *const u8, len: u32) -> i32;
    #[link_name = "metrics.emit"] fn metrics_emit(kind: i32, name: *const u8, name_len: u32, value: f64, labels: *const u8, labels_len: u32) -> i32;
    #[link_name = "http.fetch"] fn http_fetch(head: *const u8, head_len: u32, body: *const u8, body_len: u32, body_handle_out: *mut u32) -> i32;
    #[link_name = "secrets.get"] fn secrets_get(name: *const u8, name_len: u32) -> i32;
    #[link_name = "storage.get"] fn storage_get(key: *const u8, key_len: u32, revision_out: *mut u64) -> i32;
    #[link_name = "storage.put"] fn storage_put(key: *const u8, key_len: u32, value: *const u8, value_len: u32, expected_revision: i64, revision_out: *mut u64) -> i32;
    #[link_name = "storage.delete"] fn storage_delete(key: *const u8, key_len: u32, expected_revision: i64) -> i32;
    #[link_name = "storage.list"] fn storage_list(prefix: *const u8, prefix_len: u32, cursor: *const u8, cursor_len: u32, limit: i32) -> i32;
}
#[no_mangle] pub extern "C" fn alga_abi_v1() {}
#[no_mangle] pub extern "C" fn alga_handle() -> i32 { 0 }
