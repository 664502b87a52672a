// greeter (Zig): the sample handler of docs/building-handlers.md; declares its imports itself
// (docs/guest-abi.md §8).
//   GET  /hello?name=Ada -> 200 {"greeting":"hello, Ada"}, header x-greeter: v1, log line, counter
//   POST /echo           -> 200 the request body as application/octet-stream, histogram echo_bytes
//   anything else        -> 404 {"error":"not_found"}
// A name is 1-32 of A-Z a-z 0-9 space and '-' (no name: "world"); another name answers 400.
const std = @import("std");

extern "alga" fn @"request.head"() i32;
extern "alga" fn @"request.body"() i32;
extern "alga" fn @"response.set_status"(status: i32) i32;
extern "alga" fn @"response.add_header"(name: [*]const u8, name_len: u32, value: [*]const u8, value_len: u32) i32;
extern "alga" fn @"response.write"(ptr: [*]const u8, len: u32) i32;
extern "alga" fn @"result.len"(handle: i32) i32;
extern "alga" fn @"result.read"(handle: i32, offset: i32, ptr: [*]u8, cap: u32) i32;
extern "alga" fn @"result.free"(handle: i32) i32;
extern "alga" fn @"log.write"(level: i32, msg: [*]const u8, len: u32) i32;
extern "alga" fn @"metrics.emit"(kind: i32, name: [*]const u8, name_len: u32, value: f64, labels: [*]const u8, labels_len: u32) i32;

const name_max_bytes = 32;
const echo_max_bytes = 16384;
const too_large: i32 = -4;

var head_buffer: [16384]u8 = undefined;
var body_buffer: [echo_max_bytes]u8 = undefined;
var text_buffer: [128]u8 = undefined;

export fn alga_abi_v1() void {}

export fn alga_handle() i32 {
    handle() catch return 1;
    return 0;
}

const Failure = error{HostRefused};

const Taken = union(enum) { bytes: []u8, code: i32 };

/// Reads a result handle whole into `buffer` and frees it; the bytes, or a negative code.
fn take(handle_or_code: i32, buffer: []u8) Taken {
    if (handle_or_code < 0) return .{ .code = handle_or_code };
    const len = @"result.len"(handle_or_code);
    defer _ = @"result.free"(handle_or_code);
    if (len < 0) return .{ .code = len };
    if (@as(usize, @intCast(len)) > buffer.len) return .{ .code = too_large };
    const read = @"result.read"(handle_or_code, 0, buffer.ptr, @intCast(len));
    if (read != len) return .{ .code = if (read < 0) read else -9 };
    return .{ .bytes = buffer[0..@intCast(len)] };
}

fn handle() Failure!void {
    const head = switch (take(@"request.head"(), &head_buffer)) {
        .bytes => |bytes| bytes,
        .code => return Failure.HostRefused,
    };
    const method = topLevelString(head, "method") orelse "";
    const path = topLevelString(head, "path") orelse "";
    if (std.mem.eql(u8, method, "GET") and std.mem.eql(u8, path, "/hello")) return hello(head);
    if (std.mem.eql(u8, method, "POST") and std.mem.eql(u8, path, "/echo")) return echo();
    return answer(404, "application/json", "{\"error\":\"not_found\"}");
}

fn hello(head: []const u8) Failure!void {
    var name: []const u8 = "world";
    if (queryValue(head, "name")) |raw| {
        if (raw.len > 0) name = raw;
    }
    if (!validName(name)) return answer(400, "application/json", "{\"error\":\"invalid_name\"}");

    const line = concat(&.{ "greeted ", name });
    _ = @"log.write"(1, line.ptr, @intCast(line.len));
    const labels = "{\"route\":\"/hello\"}";
    _ = @"metrics.emit"(0, "greetings", 9, 1.0, labels, labels.len);
    try header("x-greeter", "v1");
    return answer(200, "application/json", concat(&.{ "{\"greeting\":\"hello, ", name, "\"}" }));
}

fn echo() Failure!void {
    const body = switch (take(@"request.body"(), &body_buffer)) {
        .bytes => |bytes| bytes,
        .code => |code| {
            if (code == too_large) return answer(413, "application/json", "{\"error\":\"too_large\"}");
            return Failure.HostRefused;
        },
    };
    const no_labels = "";
    _ = @"metrics.emit"(2, "echo_bytes", 10, @floatFromInt(body.len), no_labels, 0);
    return answer(200, "application/octet-stream", body);
}

fn validName(name: []const u8) bool {
    if (name.len == 0 or name.len > name_max_bytes) return false;
    for (name) |c| {
        if (!std.ascii.isAlphanumeric(c) and c != ' ' and c != '-') return false;
    }
    return true;
}

/// Joins `parts` into the text buffer (the parts are short: at most 32 bytes of name).
fn concat(parts: []const []const u8) []const u8 {
    var n: usize = 0;
    for (parts) |part| {
        @memcpy(text_buffer[n .. n + part.len], part);
        n += part.len;
    }
    return text_buffer[0..n];
}

fn header(name: []const u8, value: []const u8) Failure!void {
    if (@"response.add_header"(name.ptr, @intCast(name.len), value.ptr, @intCast(value.len)) != 0) return Failure.HostRefused;
}

fn answer(status: i32, content_type: []const u8, body: []const u8) Failure!void {
    if (@"response.set_status"(status) != 0) return Failure.HostRefused;
    try header("content-type", content_type);
    if (@"response.write"(body.ptr, @intCast(body.len)) != 0) return Failure.HostRefused;
}

// A minimal JSON scanner for the request head: raw (still escaped) string contents.

fn skipSpace(json: []const u8, start: usize) usize {
    var i = start;
    while (i < json.len and (json[i] == ' ' or json[i] == '\n' or json[i] == '\r' or json[i] == '\t')) i += 1;
    return i;
}

const RawString = struct { text: []const u8, next: usize };

/// The string at `json[i] == '"'`: its raw contents and the index after the closing quote.
fn rawString(json: []const u8, i: usize) ?RawString {
    if (i >= json.len or json[i] != '"') return null;
    var j = i + 1;
    while (j < json.len and json[j] != '"') j += if (json[j] == '\\') 2 else 1;
    if (j >= json.len) return null;
    return .{ .text = json[i + 1 .. j], .next = j + 1 };
}

/// Index of the value of the first `"key":` in the head.
fn valueOf(json: []const u8, key: []const u8) ?usize {
    var i: usize = 0;
    while (i < json.len) {
        if (json[i] != '"') {
            i += 1;
            continue;
        }
        const string = rawString(json, i) orelse return null;
        const colon = skipSpace(json, string.next);
        if (std.mem.eql(u8, string.text, key) and colon < json.len and json[colon] == ':') return skipSpace(json, colon + 1);
        i = string.next;
    }
    return null;
}

fn topLevelString(json: []const u8, key: []const u8) ?[]const u8 {
    const at = valueOf(json, key) orelse return null;
    const string = rawString(json, at) orelse return null;
    return string.text;
}

/// The raw value of the first query parameter `name` (`"query": [["name", "value"], ...]`).
fn queryValue(json: []const u8, name: []const u8) ?[]const u8 {
    var p = valueOf(json, "query") orelse return null;
    if (p >= json.len or json[p] != '[') return null;
    p = skipSpace(json, p + 1);
    while (p < json.len and json[p] == '[') {
        const key = rawString(json, skipSpace(json, p + 1)) orelse return null;
        const comma = skipSpace(json, key.next);
        if (comma >= json.len or json[comma] != ',') return null;
        const value = rawString(json, skipSpace(json, comma + 1)) orelse return null;
        if (std.mem.eql(u8, key.text, name)) return value.text;
        p = skipSpace(json, skipSpace(json, value.next) + 1);
        if (p < json.len and json[p] == ',') p = skipSpace(json, p + 1);
    }
    return null;
}
