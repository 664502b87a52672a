// WasmHost: see docs/architecture.md
