#if canImport(Glibc)
import Glibc
#endif

/// Opens files below a directory descriptor without ever leaving it: the path is resolved one
/// segment at a time with `openat` relative to the previous directory's descriptor, every
/// segment with `O_NOFOLLOW` (a symlink anywhere, even one planted in the cache after
/// extraction, fails the open), the last one with `O_NONBLOCK` (a planted FIFO cannot block the
/// thread), and the result must be a regular file with exactly one link (a planted hard link to
/// a file elsewhere has two).
public enum SafeOpen {
    /// An open regular file and its size; the caller owns `fd`.
    public struct File {
        public let fd: Int32
        public let size: Int64
    }

    /// Opens `relative` (segments already validated: no empty, `.` or `..`) below `directoryFD`;
    /// nil when it is missing or is anything but a regular file with one link.
    public static func open(_ relative: String, below directoryFD: Int32) -> File? {
        guard directoryFD >= 0, !relative.isEmpty else { return nil }
        var dirFD = directoryFD
        var owned = false
        defer { if owned { close(dirFD) } }
        var rest = Substring(relative)
        while let slash = rest.firstIndex(of: "/") {
            let segment = String(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
            let next = openat(dirFD, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return nil }
            if owned { close(dirFD) }
            dirFD = next
            owned = true
        }
        let fd = openat(dirFD, String(rest), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_nlink == 1 else {
            close(fd)
            return nil
        }
        return File(fd: fd, size: Int64(st.st_size))
    }
}
