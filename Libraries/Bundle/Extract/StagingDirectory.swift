import Foundation
import Shared

/// A private directory beside an extraction target (`<parent>/.staging-<random>`, mode 0700)
/// that becomes the target with one `rename(2)` or disappears entirely. Not thread-safe.
final class StagingDirectory {
    let path: String
    let fd: Int32
    private let parent: String
    private var finished = false

    init(besideTarget target: String) throws(AppError) {
        let trimmed = target.hasSuffix("/") ? String(target.dropLast()) : target
        guard !trimmed.isEmpty else { throw BundleIO.error("prepare", target, errno: EINVAL) }
        parent = (trimmed as NSString).deletingLastPathComponent.isEmpty
            ? "." : (trimmed as NSString).deletingLastPathComponent
        path = parent + "/.staging-" + RequestID.generate()
        guard mkdir(path, 0o700) == 0 else { throw BundleIO.error("mkdir", path) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            rmdir(path)
            throw BundleIO.error("open", path, errno: code)
        }
        self.fd = fd
    }

    deinit {
        if !finished { discard() }
    }

    /// Moves the staged tree to `target`. Returns false, and removes the staged tree, if the
    /// target appeared meanwhile (another extraction of the same content won the race).
    func publish(as target: String, durable: Bool) throws(AppError) -> Bool {
        precondition(!finished, "BUG in StagingDirectory: published twice")
        guard fchmod(fd, 0o755) == 0 else { throw BundleIO.error("chmod", path) }
        if durable { guard fsync(fd) == 0 else { throw BundleIO.error("fsync", path) } }
        if rename(path, target) != 0 {
            let code = errno
            if code == EEXIST || code == ENOTEMPTY {
                discard()
                return false
            }
            throw BundleIO.error("rename", target, errno: code)
        }
        finished = true
        close(fd)
        if durable {
            let dfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 {
                fsync(dfd)
                close(dfd)
            }
        }
        return true
    }

    /// Removes the staged tree (idempotent).
    func discard() {
        guard !finished else { return }
        finished = true
        close(fd)
        try? FileManager.default.removeItem(atPath: path)
    }
}
