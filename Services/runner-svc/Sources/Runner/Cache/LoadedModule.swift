import WasmHost

/// A module ready for per-request instantiation, with what the runner needs from its manifest.
struct LoadedModule: Sendable {
    enum Source: String, Sendable {
        /// Compiled here from `dist/main.wasm`.
        case compiled
        /// Deserialized from a platform artefact whose MAC verified.
        case deserialized
        /// The publisher's own `precompiled/<triple>.cwasm` (trusted by configuration).
        case publisherPrecompiled = "publisher_precompiled"
    }

    let pre: InstancePre
    let capabilities: Set<String>
    let publisher: String
    let source: Source
    /// How long compiling or deserializing took.
    let loadDuration: Duration
}
