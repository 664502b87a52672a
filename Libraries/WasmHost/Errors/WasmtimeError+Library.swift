import CWasmtime

extension WasmtimeError {
    /// Wraps an owned library error (which is deleted) as `kind`.
    init(consuming error: OpaquePointer, as kind: Kind) {
        let text = LibraryText.consume(error: error)
        self.init(kind, LibraryText.summary(text), details: text)
    }

    /// Classifies an owned error from instantiation (which is deleted).
    ///
    /// The C API reports these failures only as text, so the classification matches the
    /// library's message fragments; WasmHostTests pins each fragment against the pinned library,
    /// so a version bump that changes a message fails the tests instead of misclassifying.
    init(consumingInstantiationError error: OpaquePointer) {
        let text = LibraryText.consume(error: error)
        self.init(WasmtimeError.classifyInstantiation(text), LibraryText.summary(text), details: text)
    }

    static func classifyInstantiation(_ text: String) -> Kind {
        if text.contains("maximum concurrent limit of") { return .poolExhausted }
        if text.contains("exceeds memory limits") { return .memoryLimit }
        if text.contains("resource limit exceeded") { return .storeLimit }
        if text.contains("unknown import") || text.contains("incompatible import") { return .linkError }
        return .hostError
    }
}
