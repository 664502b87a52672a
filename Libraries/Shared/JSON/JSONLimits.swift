/// Bounds the JSON reader enforces on external input. Every limit is checked while reading, so a
/// hostile document fails fast instead of exhausting memory or the stack.
public struct JSONLimits: Sendable, Equatable {
    /// Largest accepted document in bytes; larger input fails with 413 `payload_too_large`.
    public var maxBytes: Int
    /// Deepest accepted nesting of arrays and objects (the top-level container is depth 1).
    public var maxDepth: Int
    /// Longest accepted number literal in characters (`-`, digits, `.`, exponent).
    public var maxNumberLength: Int

    /// The reader recurses once per nesting level; this bound keeps that recursion far from the stack limit.
    public static let depthCeiling = 512

    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxNumberLength: Int = 100) {
        precondition(maxBytes >= 0, "BUG in JSONLimits: maxBytes must not be negative")
        precondition((1...JSONLimits.depthCeiling).contains(maxDepth),
                     "BUG in JSONLimits: maxDepth must be in 1...\(JSONLimits.depthCeiling)")
        precondition(maxNumberLength >= 1, "BUG in JSONLimits: maxNumberLength must be positive")
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNumberLength = maxNumberLength
    }

    /// 1 MiB, 64 levels, 100-character numbers.
    public static let `default` = JSONLimits()
}
