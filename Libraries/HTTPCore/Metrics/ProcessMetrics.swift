#if canImport(Glibc)
import Glibc
#endif

/// The standard process collector's three series, read from `/proc/self` at scrape time:
/// `process_resident_memory_bytes`, `process_cpu_seconds_total`, `process_open_fds`
/// (docs/metrics.md, "Every service"). Where `/proc` cannot be read the series are absent.
enum ProcessMetrics {
    static func register(in registry: MetricsRegistry) {
        guard readProc("/proc/self/stat") != nil else { return }
        registry.gauge("process_resident_memory_bytes", help: "Resident memory size in bytes.") { residentBytes() }
        registry.counter("process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.") { cpuSeconds() }
        registry.gauge("process_open_fds", help: "Number of open file descriptors.") { openFileDescriptors() }
    }

    /// Fields 14 and 15 of /proc/self/stat (utime, stime, in clock ticks), counted after the
    /// command name's closing parenthesis (the name itself may contain spaces).
    static func cpuSeconds() -> Double {
        guard let stat = readProc("/proc/self/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")) else { return 0 }
        let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count > 12, let user = number(fields[11]), let system = number(fields[12]) else { return 0 }
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(user + system) / Double(ticks) : 0
    }

    /// The second field of /proc/self/statm (resident pages) times the page size.
    static func residentBytes() -> Double {
        guard let statm = readProc("/proc/self/statm") else { return 0 }
        let fields = statm.split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = number(fields[1]) else { return 0 }
        return Double(pages) * Double(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Entries of /proc/self/fd, without `.`, `..` and the descriptor reading the directory.
    static func openFileDescriptors() -> Double {
        guard let dir = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in name[0] == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        return Double(max(0, count - 1))
    }

    private static func number(_ field: ArraySlice<UInt8>) -> UInt64? {
        UInt64(String(decoding: field, as: UTF8.self))
    }

    /// A small /proc file (at most 4 KiB), or nil when it cannot be read.
    private static func readProc(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return Array(buffer[..<n])
    }
}
