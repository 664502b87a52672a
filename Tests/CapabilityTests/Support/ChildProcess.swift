import Foundation
import Glibc
import Shared

/// Runs a program with `posix_spawn` and reaps it with a polling `waitpid(pid, WNOHANG)`, so
/// noticing its exit depends on no SIGCHLD handling (Foundation's `Process` missed the exit of
/// `scripts/pg` when many suites ran at once). Stdout and stderr go to one temporary file.
enum ChildProcess {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]?,
                    seconds: Double) throws -> (status: Int32, output: String) {
        let logPath = NSTemporaryDirectory() + "caps-run-" + RequestID.generate()
        defer { unlink(logPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, env)
        guard spawned == 0 else { throw TestFailure("posix_spawn \(executable) failed: errno \(spawned)") }

        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(seconds)
        var reaped = false
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { reaped = true; break }
            if r < 0 && errno != EINTR { throw TestFailure("waitpid \(pid) failed: errno \(errno)") }
            usleep(20_000)
        }
        if !reaped {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS: the low 7 bits are the signal (0 = exited), bits 8-15 the code.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        return (reaped ? exitCode : -1, output)
    }
}
