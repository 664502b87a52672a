extension Duration {
    /// Whole milliseconds, rounded down (server settings and poll timeouts take milliseconds).
    var wholeMilliseconds: Int64 {
        let (s, atto) = components
        return s * 1000 + atto / 1_000_000_000_000_000
    }
}
