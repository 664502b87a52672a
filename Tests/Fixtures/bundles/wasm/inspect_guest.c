// A small core-module guest for WasmInspectorTests (compiled by the test with
// `clang --target=wasm32 -nostdlib -O2 -Wl,--no-entry`): two host imports from module "alga",
// exports `memory`, an ABI marker and a handler, and a function with many locals.
__attribute__((import_module("alga"), import_name("log_write")))
extern int alga_log_write(int level, const char *ptr, int len);

__attribute__((import_module("alga"), import_name("request_read")))
extern long long alga_request_read(int offset, char *ptr, int cap);

__attribute__((export_name("alga_abi_v1")))
void alga_abi_v1(void) {}

__attribute__((export_name("alga_handle")))
int alga_handle(void) {
    char buf[64];
    long long n = alga_request_read(0, buf, sizeof buf);
    alga_log_write(1, buf, (int)n);
    return n < 0 ? 1 : 0;
}

__attribute__((export_name("mix")))
double mix(long long a, float b, double c) {
    return (double)a * b + c;
}
