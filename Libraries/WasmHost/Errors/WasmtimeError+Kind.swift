extension WasmtimeError {
    /// The stable kind of a `WasmtimeError`: a struct over a private enum, so adding a kind never
    /// breaks a caller's switch.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String {
            case invalidModule = "invalid_module"
            case linkError = "link_error"
            case poolExhausted = "pool_exhausted"
            case memoryLimit = "memory_limit"
            case storeLimit = "store_limit"
            case exportNotFound = "export_not_found"
            case signatureMismatch = "signature_mismatch"
            case invalidConfiguration = "invalid_configuration"
            case invalidArgument = "invalid_argument"
            case hostError = "host_error"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        public var rawValue: String { base.rawValue }
        public var description: String { base.rawValue }

        /// Bytes that do not compile, validate or deserialize (including modules over the pool's
        /// per-instance caps and artefacts from another Wasmtime version or engine configuration).
        public static let invalidModule = Kind(.invalidModule)
        /// An import the linker does not define, or defines with another type.
        public static let linkError = Kind(.linkError)
        /// Instantiation found no free pooling-allocator slot (instances, memories, tables).
        public static let poolExhausted = Kind(.poolExhausted)
        /// Instantiation needs more linear memory than the store's cap.
        public static let memoryLimit = Kind(.memoryLimit)
        /// Instantiation exceeds the store's instance, table or memory count.
        public static let storeLimit = Kind(.storeLimit)
        /// The instance has no export of that name and kind.
        public static let exportNotFound = Kind(.exportNotFound)
        /// Call arguments or results that do not match the export's type, or types the API
        /// cannot carry (v128, references).
        public static let signatureMismatch = Kind(.signatureMismatch)
        /// An `EngineConfig` the library would reject.
        public static let invalidConfiguration = Kind(.invalidConfiguration)
        /// A request the engine cannot honour (e.g. fuel on an engine without fuel).
        public static let invalidArgument = Kind(.invalidArgument)
        /// Any other failure reported by the library.
        public static let hostError = Kind(.hostError)
    }
}
