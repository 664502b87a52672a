// greeter (Rust): the sample handler of docs/building-handlers.md; declares its imports itself
// (docs/guest-abi.md §8).
//   GET  /hello?name=Ada -> 200 {"greeting":"hello, Ada"}, header x-greeter: v1, log line, counter
//   POST /echo           -> 200 the request body as application/octet-stream, histogram echo_bytes
//   anything else        -> 404 {"error":"not_found"}
// A name is 1-32 of A-Z a-z 0-9 space and '-' (no name: "world"); another name answers 400.

#[link(wasm_import_module = "alga")]
extern "C" {
    #[link_name = "request.head"] fn request_head() -> i32;
    #[link_name = "request.body"] fn request_body() -> i32;
    #[link_name = "response.set_status"] fn response_set_status(status: i32) -> i32;
    #[link_name = "response.add_header"] fn response_add_header(name: *const u8, name_len: u32, value: *const u8, value_len: u32) -> i32;
    #[link_name = "response.write"] fn response_write(ptr: *const u8, len: u32) -> i32;
    #[link_name = "result.len"] fn result_len(handle: i32) -> i32;
    #[link_name = "result.read"] fn result_read(handle: i32, offset: i32, ptr: *mut u8, cap: u32) -> i32;
    #[link_name = "result.free"] fn result_free(handle: i32) -> i32;
    #[link_name = "log.write"] fn log_write(level: i32, msg: *const u8, len: u32) -> i32;
    #[link_name = "metrics.emit"] fn metrics_emit(kind: i32, name: *const u8, name_len: u32, value: f64, labels: *const u8, labels_len: u32) -> i32;
}

const NAME_MAX_BYTES: usize = 32;
const ECHO_MAX_BYTES: usize = 16384;

#[no_mangle]
pub extern "C" fn alga_abi_v1() {}

#[no_mangle]
pub extern "C" fn alga_handle() -> i32 {
    match handle() {
        Ok(()) => 0,
        Err(code) => code,
    }
}

/// Reads a result handle whole (at most `cap` bytes) and frees it; a negative code on failure.
fn take(handle: i32, cap: usize) -> Result<Vec<u8>, i32> {
    if handle < 0 {
        return Err(handle);
    }
    let len = unsafe { result_len(handle) };
    if len < 0 || len as usize > cap {
        unsafe { result_free(handle) };
        return Err(if len < 0 { len } else { -4 });
    }
    let mut bytes = vec![0u8; len as usize];
    let read = unsafe { result_read(handle, 0, bytes.as_mut_ptr(), len as u32) };
    unsafe { result_free(handle) };
    if read != len {
        return Err(if read < 0 { read } else { -9 });
    }
    Ok(bytes)
}

fn handle() -> Result<(), i32> {
    let head = take(unsafe { request_head() }, 16384)?;
    let method = top_level_string(&head, b"method").unwrap_or(b"");
    let path = top_level_string(&head, b"path").unwrap_or(b"");
    match (method, path) {
        (b"GET", b"/hello") => hello(&head),
        (b"POST", b"/echo") => echo(),
        _ => answer(404, "application/json", br#"{"error":"not_found"}"#),
    }
}

fn hello(head: &[u8]) -> Result<(), i32> {
    let name = match query_value(head, b"name") {
        Some(raw) if !raw.is_empty() => raw,
        _ => b"world",
    };
    let valid = name.len() <= NAME_MAX_BYTES
        && name.iter().all(|&c| c.is_ascii_alphanumeric() || c == b' ' || c == b'-');
    if !valid {
        return answer(400, "application/json", br#"{"error":"invalid_name"}"#);
    }
    let name = std::str::from_utf8(name).map_err(|_| -3)?;
    let line = format!("greeted {}", name);
    unsafe { log_write(1, line.as_ptr(), line.len() as u32) };
    let labels = br#"{"route":"/hello"}"#;
    unsafe { metrics_emit(0, b"greetings".as_ptr(), 9, 1.0, labels.as_ptr(), labels.len() as u32) };
    header("x-greeter", "v1")?;
    answer(200, "application/json", format!(r#"{{"greeting":"hello, {}"}}"#, name).as_bytes())
}

fn echo() -> Result<(), i32> {
    let body = match take(unsafe { request_body() }, ECHO_MAX_BYTES) {
        Err(-4) => return answer(413, "application/json", br#"{"error":"too_large"}"#),
        other => other?,
    };
    unsafe { metrics_emit(2, b"echo_bytes".as_ptr(), 10, body.len() as f64, std::ptr::null(), 0) };
    answer(200, "application/octet-stream", &body)
}

fn header(name: &str, value: &str) -> Result<(), i32> {
    let code = unsafe { response_add_header(name.as_ptr(), name.len() as u32, value.as_ptr(), value.len() as u32) };
    if code == 0 { Ok(()) } else { Err(code) }
}

fn answer(status: i32, content_type: &str, body: &[u8]) -> Result<(), i32> {
    let code = unsafe { response_set_status(status) };
    if code != 0 {
        return Err(code);
    }
    header("content-type", content_type)?;
    let code = unsafe { response_write(body.as_ptr(), body.len() as u32) };
    if code == 0 { Ok(()) } else { Err(code) }
}

// A minimal JSON scanner for the request head: raw (still escaped) string contents.

fn skip_space(json: &[u8], mut i: usize) -> usize {
    while i < json.len() && matches!(json[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// The string at `json[i] == '"'`: its raw contents and the index after the closing quote.
fn raw_string(json: &[u8], i: usize) -> Option<(&[u8], usize)> {
    if json.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    while j < json.len() && json[j] != b'"' {
        j += if json[j] == b'\\' { 2 } else { 1 };
    }
    if j >= json.len() {
        return None;
    }
    Some((&json[i + 1..j], j + 1))
}

/// Index of the value of the first `"key":` in the head.
fn value_of(json: &[u8], key: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'"' {
            let (text, next) = raw_string(json, i)?;
            let colon = skip_space(json, next);
            if text == key && json.get(colon) == Some(&b':') {
                return Some(skip_space(json, colon + 1));
            }
            i = next;
        } else {
            i += 1;
        }
    }
    None
}

fn top_level_string<'a>(json: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    raw_string(json, value_of(json, key)?).map(|(text, _)| text)
}

/// The raw value of the first query parameter `name` (`"query": [["name", "value"], ...]`).
fn query_value<'a>(json: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let mut p = value_of(json, b"query")?;
    if json.get(p) != Some(&b'[') {
        return None;
    }
    p = skip_space(json, p + 1);
    while json.get(p) == Some(&b'[') {
        let (key, next) = raw_string(json, skip_space(json, p + 1))?;
        let comma = skip_space(json, next);
        if json.get(comma) != Some(&b',') {
            return None;
        }
        let (value, next) = raw_string(json, skip_space(json, comma + 1))?;
        if key == name {
            return Some(value);
        }
        p = skip_space(json, skip_space(json, next) + 1);
        if json.get(p) == Some(&b',') {
            p = skip_space(json, p + 1);
        }
    }
    None
}
