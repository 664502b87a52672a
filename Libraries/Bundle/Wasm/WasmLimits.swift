/// Caps checked while reading a module, so a compile bomb is refused before any compiler sees
/// it. Defaults are far above what real handler modules need (docs/bundle-format.md).
public struct WasmLimits: Sendable, Equatable {
    public var maxModuleBytes: Int
    public var maxTypes: Int
    public var maxImports: Int
    public var maxExports: Int
    /// Imported plus defined functions.
    public var maxFunctions: Int
    public var maxFunctionBodyBytes: Int
    /// Declared locals of one function (parameters not included).
    public var maxLocalsPerFunction: UInt64

    public init(maxModuleBytes: Int = 32 << 20, maxTypes: Int = 10_000, maxImports: Int = 1_000,
                maxExports: Int = 1_000, maxFunctions: Int = 50_000, maxFunctionBodyBytes: Int = 1 << 20,
                maxLocalsPerFunction: UInt64 = 50_000) {
        self.maxModuleBytes = maxModuleBytes
        self.maxTypes = maxTypes
        self.maxImports = maxImports
        self.maxExports = maxExports
        self.maxFunctions = maxFunctions
        self.maxFunctionBodyBytes = maxFunctionBodyBytes
        self.maxLocalsPerFunction = maxLocalsPerFunction
    }

    public static let `default` = WasmLimits()
}
