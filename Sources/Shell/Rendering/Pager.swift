#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Registry

/// Shows a result taller than the terminal through a pager, as psql does: `$PAGER`, or
/// `less -S` (long lines scroll sideways instead of wrapping). `.pager off` turns it off; an
/// empty `$PAGER` too.
public enum Pager {
    /// The pager command: `$PAGER`, else `less -S`; nil when `$PAGER` is set empty.
    public static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let p = environment["PAGER"] { return p.trimmingCharacters(in: .whitespaces).isEmpty ? nil : p }
        return "less -S"
    }

    /// Whether `text` needs a pager on a terminal of `rows` lines (a line for the prompt kept).
    public static func isTaller(_ text: String, than rows: Int) -> Bool {
        var lines = 0
        for b in text.utf8 where b == 0x0A {
            lines += 1
            if lines >= rows { return true }
        }
        return false
    }

    /// Runs `command` through `/bin/sh -c` with `bytes` on its standard input and waits for it;
    /// false when it could not be started (the caller then prints the text itself).
    public static func show(_ bytes: [UInt8], with command: String) -> Bool {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let argv = ["/bin/sh", "-c", command]
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, &cargs, environ) == 0 else {
            close(fds[0]); close(fds[1]); return false
        }
        close(fds[0])
        // The reader may quit before the end (q in less): a closed pipe is not an error here.
        let previous = signal(SIGPIPE, SIG_IGN)
        _ = bytes.withUnsafeBytes { OutputFile.writeAll($0, to: fds[1]) }
        close(fds[1])
        signal(SIGPIPE, previous)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return true
    }
}
