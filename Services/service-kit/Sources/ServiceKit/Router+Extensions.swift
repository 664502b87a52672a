import HTTPCore

extension Router {
    /// Registers extension routes only when the runtime master switch (`EXT_ENABLED`) is on;
    /// off, their paths simply do not exist (404), while health, readiness and metrics stay.
    /// The build-time switch is the `Extensions` trait: callers wrap this in `#if EXTENSIONS`.
    public mutating func extensionRoutes(enabled: Bool, _ register: (inout Router) -> Void) {
        guard enabled else { return }
        register(&self)
    }
}
