#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of one POSIX file descriptor: the calls the store needs (write everything,
/// fsync, truncate, flock), each failure turned into a `StorageError` naming the path.
final class PosixFile {
    let fd: Int32
    let path: String

    /// Opens `path` with `flags`; a created file gets `mode` regardless of the umask.
    init(_ path: String, flags: Int32, mode: mode_t = 0o600) throws(StorageError) {
        let fd = open(path, flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PosixFile.error("cannot open \(path)") }
        self.fd = fd; self.path = path
        if flags & O_CREAT != 0, fchmod(fd, mode) != 0 { throw PosixFile.error("cannot set permissions of \(path)") }
    }

    deinit { close(fd) }

    static func error(_ what: String, kind: StorageError.Kind = .io) -> StorageError {
        StorageError(kind, "\(what): \(String(cString: strerror(errno)))")
    }

    /// Current size in bytes.
    func size() throws(StorageError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw PosixFile.error("cannot stat \(path)") }
        return Int(st.st_size)
    }

    /// Writes every byte at `offset`, retrying short writes and interrupts.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 { if errno == EINTR { continue }; throw PosixFile.error("cannot write \(path)") }
            done += n
        }
    }

    /// Writes an array's bytes at `offset`.
    func write(_ bytes: [UInt8], at offset: Int) throws(StorageError) {
        let failure: StorageError? = bytes.withUnsafeBytes { b in
            do throws(StorageError) { try write(b, at: offset); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// The whole file.
    func readAll() throws(StorageError) -> [UInt8] {
        let n = try size()
        var failed = false
        // Uninitialised: zero-filling a 100 MB snapshot before reading over it costs ~10% of an open.
        let out = [UInt8](unsafeUninitializedCapacity: n) { buf, count in
            var done = 0
            while done < n {
                let r = pread(fd, buf.baseAddress! + done, n - done, off_t(done))
                if r < 0 { if errno == EINTR { continue }; failed = true; break }
                if r == 0 { break }
                done += r
            }
            count = done
        }
        if failed { throw PosixFile.error("cannot read \(path)") }
        return out
    }

    func sync() throws(StorageError) {
        guard fsync(fd) == 0 else { throw PosixFile.error("cannot sync \(path)") }
    }

    func truncate(to n: Int) throws(StorageError) {
        guard ftruncate(fd, off_t(n)) == 0 else { throw PosixFile.error("cannot truncate \(path)") }
    }

    /// Takes a non-blocking flock; false when another process holds a conflicting one.
    func tryLock(exclusive: Bool) -> Bool { flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 }

    /// Syncs a directory so a rename or a new file in it survives a crash.
    static func syncDirectory(_ path: String) throws(StorageError) {
        let d = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw error("cannot open directory \(path)") }
        defer { close(d) }
        guard fsync(d) == 0 else { throw error("cannot sync directory \(path)") }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Creates the directory (0700, umask or not) when missing; tightens an existing one.
    static func makeDirectory(_ path: String) throws(StorageError) {
        if !exists(path), mkdir(path, 0o700) != 0, errno != EEXIST {
            throw error("cannot create registry directory \(path)")
        }
        guard chmod(path, 0o700) == 0 else { throw error("cannot set permissions of \(path)") }
    }

    /// The directory holding `path` (`.` for a bare name, `/` for a name in the root).
    static func parentDirectory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "." }
        if slash == p.startIndex { return "/" }
        var parent = p[..<slash]
        while parent.count > 1, parent.hasSuffix("/") { parent = parent.dropLast() }
        return String(parent)
    }

    static func rename(_ from: String, _ to: String) throws(StorageError) {
        #if canImport(Glibc)
        let rc = Glibc.rename(from, to)
        #else
        let rc = Darwin.rename(from, to)
        #endif
        guard rc == 0 else { throw error("cannot rename \(from) to \(to)") }
    }
}
