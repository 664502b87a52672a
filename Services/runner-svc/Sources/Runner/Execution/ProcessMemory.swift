/// glibc allocator settings for the runner process. Executions allocate large short-lived
/// buffers (request and response bodies up to several MiB, serialized modules) on many pool
/// threads. By default glibc raises its mmap threshold after such buffers are freed, so later
/// ones come from per-thread arenas that keep the memory: RSS then grows with every pool thread
/// that ever ran a large execution. A fixed threshold returns large buffers to the kernel at
/// `free`, and a small arena count bounds what the arenas can hold.
public enum ProcessMemory {
    /// Buffers of at least this size are mmapped (and unmapped when freed).
    public static let mmapThreshold: Int32 = 256 << 10
    public static let arenas: Int32 = 4

    /// Applies the settings; call once at start-up, before the pools start.
    public static func configure() {
        #if os(Linux)
        _ = glibcMallopt(-3, mmapThreshold)  // M_MMAP_THRESHOLD (malloc.h)
        _ = glibcMallopt(-8, arenas)  // M_ARENA_MAX
        #endif
    }
}

#if os(Linux)
/// `int mallopt(int param, int value)` from glibc's <malloc.h>, which the Glibc module does not
/// export; the C signature is two ints to an int, so a direct declaration is ABI-exact.
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
