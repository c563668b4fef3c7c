#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin owner of one POSIX file descriptor: the calls the store needs (write everything,
/// fsync, truncate, flock), each failure turned into a `StorageError` naming the path.
///
/// Every registry file is opened with `O_NOFOLLOW`: a registry's files are never symbolic
/// links, so one planted in the directory (say `lock` → someone's file) is refused, not
/// written through and chmod'ed.
final class PosixFile {
    let fd: Int32
    let path: String

    /// What a fault injected by `inject` stands in for.
    enum Operation: Equatable {
        case open(flags: Int32), unlink, write, read, sync, truncate, rename, makeDirectory
    }

    /// Tests only (reached through `@testable import`): called before each operation with the
    /// path; a non-nil errno makes that operation fail as if the system had returned it.
    nonisolated(unsafe) static var inject: ((String, Operation) -> Int32?)?

    /// Sets errno to the injected fault for `path`/`op`, if any; true when there is one.
    static func injected(_ path: String, _ op: Operation) -> Bool {
        guard let e = inject?(path, op) else { return false }
        errno = e
        return true
    }

    /// Opens `path` with `flags` (plus `O_NOFOLLOW`); a created file gets `mode` regardless of
    /// the umask. `O_CREAT | O_TRUNC` means "a fresh file": whatever has that name is unlinked
    /// and the file created with `O_EXCL`, so a symlink or hard link planted at the name (say
    /// `snapshot.xjs.tmp`) is replaced, never written through — its old contents were to be
    /// discarded anyway.
    init(_ path: String, flags: Int32, mode: mode_t = 0o600) throws(StorageError) {
        var flags = flags | O_NOFOLLOW | O_CLOEXEC
        if flags & (O_CREAT | O_TRUNC | O_EXCL) == O_CREAT | O_TRUNC {
            if PosixFile.injected(path, .unlink) || (unlink(path) != 0 && errno != ENOENT) {
                throw PosixFile.error(.replace(path))
            }
            flags = flags & ~O_TRUNC | O_EXCL
        }
        let fd = PosixFile.injected(path, .open(flags: flags)) ? -1 : open(path, flags, mode)
        guard fd >= 0 else {
            if errno == ELOOP {
                throw StorageError(.symbolicLink, .symbolicLink(path: path))
            }
            throw PosixFile.error(.open(path))
        }
        self.fd = fd; self.path = path
        if flags & O_CREAT != 0, fchmod(fd, mode) != 0 { throw PosixFile.error(.setPermissions(path)) }
    }

    deinit { close(fd) }

    /// The failure errno describes; a read-only file system gets its own kind and advice: the
    /// registry can still be opened with `--read-only`.
    static func error(_ what: StorageMessage.FileAction, kind: StorageError.Kind = .io) -> StorageError {
        if errno == EROFS { return StorageError(.readOnlyFileSystem, .readOnlyFileSystem(what)) }
        return StorageError(kind, .fileFailed(what, errno: errno))
    }

    /// Current size in bytes.
    func size() throws(StorageError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw PosixFile.error(.stat(path)) }
        return Int(st.st_size)
    }

    /// Writes every byte at `offset`, retrying short writes and interrupts.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StorageError) {
        var done = 0
        while done < bytes.count {
            let n = PosixFile.injected(path, .write) ? -1 : pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 { if errno == EINTR { continue }; throw PosixFile.error(.write(path)) }
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
                let r = PosixFile.injected(path, .read) ? -1 : pread(fd, buf.baseAddress! + done, n - done, off_t(done))
                if r < 0 { if errno == EINTR { continue }; failed = true; break }
                if r == 0 { break }
                done += r
            }
            count = done
        }
        if failed { throw PosixFile.error(.read(path)) }
        return out
    }

    func sync() throws(StorageError) {
        guard !PosixFile.injected(path, .sync), fsync(fd) == 0 else { throw PosixFile.error(.sync(path)) }
    }

    func truncate(to n: Int) throws(StorageError) {
        guard !PosixFile.injected(path, .truncate), ftruncate(fd, off_t(n)) == 0 else { throw PosixFile.error(.truncate(path)) }
    }

    /// Takes a non-blocking flock; false when another process holds a conflicting one.
    func tryLock(exclusive: Bool) -> Bool { flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 }

    /// Syncs a directory so a rename or a new file in it survives a crash.
    static func syncDirectory(_ path: String) throws(StorageError) {
        let d = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { throw error(.openDirectory(path)) }
        defer { close(d) }
        guard fsync(d) == 0 else { throw error(.syncDirectory(path)) }
    }

    /// Whether anything has that name — a symbolic link too, even a dangling one, so that
    /// opening it then fails clearly rather than the file being taken as missing.
    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Creates the directory (0700, umask or not) when missing; tightens an existing one.
    static func makeDirectory(_ path: String) throws(StorageError) {
        if injected(path, .makeDirectory) || (!exists(path) && mkdir(path, 0o700) != 0 && errno != EEXIST) {
            throw error(.createRegistryDirectory(path))
        }
        // On a read-only file system this fails with EROFS even when the mode is already right.
        guard chmod(path, 0o700) == 0 else { throw error(.setPermissions(path)) }
    }

    /// Sets an existing registry file to 0600 without following a symlink (`chmod(2)` would
    /// change a planted link's target); nothing when the name is free.
    static func restrictMode(_ path: String) throws(StorageError) {
        guard exists(path) else { return }
        let f = try PosixFile(path, flags: O_RDONLY | O_NONBLOCK)
        guard fchmod(f.fd, 0o600) == 0 else { throw error(.setPermissions(path)) }
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
        if injected(to, .rename) { throw error(.rename(from: from, to: to)) }
        #if canImport(Glibc)
        let rc = Glibc.rename(from, to)
        #else
        let rc = Darwin.rename(from, to)
        #endif
        guard rc == 0 else { throw error(.rename(from: from, to: to)) }
    }
}
