extern "alga" fn @"request.head"() i32;
extern "alga" fn @"request.body"() i32;
extern "alga" fn @"response.set_status"(status: i32) i32;
extern "alga" fn @"response.add_header"(name: [*]const u8, name_len: u32, value: [*]const u8, value_len: u32) i32;
extern "alga" fn @"response.write"(ptr: [*]const u8, len: u32) i32;
extern "alga" fn @"response.finish"() i32;
extern "alga" fn @"result.len"(handle: i32) i32;
extern "alga" fn @"result.read"(handle: i32, offset: i32, ptr: [*]u8, cap: u32) i32;
extern "alga" fn @"result.free"(handle: i32) i32;
extern "alga" fn @"error.last"() i32;
extern "alga" fn @"context.get"() i32;
extern "alga" fn @"clock.wall_ns"() i64;
extern "alga" fn @"clock.monotonic_ns"() i64;
extern "alga" fn @"random.fill"(ptr: [*]u8, len: u32) i32;
extern "alga" fn @"log.write"(level: i32, msg: [*]const u8, len: u32) i32;
extern "alga" fn @"metrics.emit"(kind: i32, name: [*]const u8, name_len: u32, value: f64, labels: [*]const u8, labels_len: u32) i32;
extern "alga" fn @"http.fetch"(head: [*]const u8, head_len: u32, body: [*]const u8, body_len: u32, body_handle_out: *u32) i32;
extern "alga" fn @"secrets.get"(name: [*]const u8, name_len: u32) i32;
extern "alga" fn @"storage.get"(key: [*]const u8, key_len: u32, revision_out: *u64) i32;
extern "alga" fn @"storage.put"(key: [*]const u8, key_len: u32, value: [*]const u8, value_len: u32, expected_revision: i64, revision_out: *u64) i32;
extern "alga" fn @"storage.delete"(key: [*]const u8, key_len: u32, expected_revision: i64) i32;
extern "alga" fn @"storage.list"(prefix: [*]const u8, prefix_len: u32, cursor: [*]const u8, cursor_len: u32, limit: i32) i32;
export fn alga_abi_v1() void {}
export fn alga_handle() i32 { return 0; }
