#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way xueji writes a file it was told to write (`export … to FILE`, `.output FILE`).
///
/// - The path is resolved after symlinks (a new name through its directory) and refused when it
///   lands in a registry directory — any directory whose `journal.xj` starts with the journal
///   magic, the open registry or another — or on an existing journal or snapshot anywhere:
///   an export must never overwrite the registry it came from.
/// - A regular file (new or existing) is written as a fresh 0600 file (it holds minors'
///   records): a temp file created `O_EXCL | O_NOFOLLOW` in the same directory, renamed over
///   the target. A symlink or hard link at the name is replaced, not written through.
/// - A device or FIFO (`/dev/null`, a pipe) is written as it is; `/dev/stdout`, `/dev/stderr`
///   and `/dev/fd/N` write to a duplicate of that descriptor.
public final class OutputFile {
    /// The path as given.
    public let path: String
    /// The descriptor being written.
    public let fileDescriptor: Int32
    /// The temp file still to be renamed over `destination` (whole-file writes only).
    private var temp: String?
    private var destination = ""
    private var directory = ""
    private var isClosed = false

    private init(path: String, fd: Int32) { self.path = path; self.fileDescriptor = fd }

    deinit {
        // Not closed: a failed export; what was written must not replace the target.
        if !isClosed { _ = closeDescriptor(fileDescriptor); if let temp { unlink(temp) } }
    }

    /// Writes `bytes` as the whole content of `path` (export): nothing replaces the target
    /// until every byte is written and synced.
    public static func write(_ bytes: [UInt8], to path: String) throws(StorageError) {
        let file = try open(path, replacingAtOnce: false)
        let failure: StorageError? = bytes.withUnsafeBytes { b in
            do throws(StorageError) { try file.write(b); return nil } catch { return error }
        }
        if let failure { throw failure }
        try file.close()
    }

    /// Opens `path` for a whole file written in parts (an export read from a server a part at a
    /// time): as with `write`, nothing replaces the target until `close`.
    public static func parts(to path: String) throws(StorageError) -> OutputFile {
        try open(path, replacingAtOnce: false)
    }

    /// Opens `path` for results written over time (`.output FILE`). A regular file is renamed
    /// into place at once, empty: results appear as they are written, and a crash or kill
    /// loses nothing already written, as with a plain `O_TRUNC` open — but the file is a new
    /// 0600 one, never a symlink's or hard link's target written through.
    public static func stream(to path: String) throws(StorageError) -> OutputFile {
        try open(path, replacingAtOnce: true)
    }

    /// Writes every byte, retrying short writes and interrupts.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(StorageError) {
        guard OutputFile.writeAll(bytes, to: fileDescriptor) else { throw OutputFile.failure(.write(path)) }
    }

    /// Writes every byte to a descriptor (this file's, or standard output), retrying short
    /// writes and interrupts; false when the system refused (errno says why).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) -> Bool {
        var done = 0
        while done < bytes.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #else
            let n = Darwin.write(fd, bytes.baseAddress! + done, bytes.count - done)
            #endif
            if n < 0 { if errno == EINTR { continue }; return false }
            done += n
        }
        return true
    }

    /// Finishes: a pending temp file is synced and renamed over the target; the descriptor closed.
    public func close() throws(StorageError) {
        guard !isClosed else { return }
        if let temp {
            guard fsync(fileDescriptor) == 0 else { throw OutputFile.failure(.write(path)) }
            guard rename(temp, destination) == 0 else { throw OutputFile.failure(.write(path)) }
            self.temp = nil
            OutputFile.syncDirectory(directory)
        }
        isClosed = true
        _ = closeDescriptor(fileDescriptor)
    }

    // MARK: - Where the bytes go

    private static func open(_ path: String, replacingAtOnce: Bool) throws(StorageError) -> OutputFile {
        guard !path.isEmpty, !path.hasSuffix("/") else { throw StorageError(.io, .notAFileName(path: path)) }
        if let n = descriptorAlias(path) { return try duplicate(n, path) }
        var st = stat()
        if stat(path, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR:
                if RegistryDirectory.holdsRegistry(path) {
                    throw StorageError(.refused, .outputIsRegistryDirectory(path: path))
                }
                throw StorageError(.io, .outputIsDirectory(path: path))
            default:   // a device, FIFO or socket: written as it is, never created or replaced
                let fd = posixOpen(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
                guard fd >= 0 else { throw failure(.open(path)) }
                return OutputFile(path: path, fd: fd)
            }
        } else if errno != ENOENT {
            throw failure(.open(path))
        }
        let (dir, name) = try resolve(path)
        try RegistryDirectory.refuse(path, directory: dir, name: name)
        let (fd, temp) = try createTemp(in: dir, for: path)
        let file = OutputFile(path: path, fd: fd)
        file.temp = temp; file.directory = dir
        file.destination = dir == "/" ? "/" + name : dir + "/" + name
        if replacingAtOnce {
            guard rename(temp, file.destination) == 0 else {
                let failure = OutputFile.failure(.open(path))
                unlink(temp); _ = closeDescriptor(fd); file.isClosed = true
                throw failure
            }
            file.temp = nil
        }
        return file
    }

    /// The descriptor `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names:
    /// reopening those by path would truncate or restart a file the shell was redirected to.
    static func descriptorAlias(_ path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                return Int32(path.dropFirst(prefix.count))
            }
            return nil
        }
    }

    private static func duplicate(_ n: Int32, _ path: String) throws(StorageError) -> OutputFile {
        var st = stat()
        guard fstat(n, &st) == 0 else { throw failure(.open(path)) }
        if st.st_mode & S_IFMT == S_IFREG {
            // A regular file behind the descriptor (say `xueji > out.txt`): still never a registry's.
            if let real = realPath("/proc/self/fd/\(n)") ?? realPath(path) {
                try RegistryDirectory.refuse(path, directory: PosixFile.parentDirectory(of: real), name: lastComponent(real))
            }
            try RegistryDirectory.refuseContent(of: n, path)
        }
        let fd = fcntl(n, F_DUPFD_CLOEXEC, 0)
        guard fd >= 0 else { throw failure(.open(path)) }
        return OutputFile(path: path, fd: fd)
    }

    /// The real directory and the name a regular file at `path` lands on: an existing file
    /// after every symlink; a new name (or a dangling symlink's target) in its real directory.
    static func resolve(_ path: String) throws(StorageError) -> (directory: String, name: String) {
        var p = path
        for _ in 0..<40 {
            if let real = realPath(p) { return (PosixFile.parentDirectory(of: real), lastComponent(real)) }
            guard errno == ENOENT else { throw failure(.open(path)) }
            var st = stat()
            if lstat(p, &st) == 0, st.st_mode & S_IFMT == S_IFLNK {
                var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(p, &buf, buf.count - 1)
                guard n > 0 else { throw failure(.open(path)) }
                let target = String(decoding: buf[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                p = target.hasPrefix("/") ? target : PosixFile.parentDirectory(of: p) + "/" + target
                continue
            }
            let name = lastComponent(p)
            guard let dir = realPath(PosixFile.parentDirectory(of: p)) else { throw failure(.open(path)) }
            guard name != ".", name != ".." else { throw StorageError(.io, .outputIsDirectory(path: path)) }
            return (dir, name)
        }
        throw StorageError(.io, .tooManySymbolicLinks(path: path))
    }

    /// A new 0600 file in `dir`, created `O_EXCL | O_NOFOLLOW` under a name no one else uses.
    private static func createTemp(in dir: String, for path: String) throws(StorageError) -> (Int32, String) {
        for _ in 0..<100 {
            let name = ".xueji-\(getpid())-\(String(UInt32.random(in: .min ... .max), radix: 16)).tmp"
            let temp = dir == "/" ? "/" + name : dir + "/" + name
            let fd = posixOpen(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 {
                guard fchmod(fd, 0o600) == 0 else {
                    let failure = OutputFile.failure(.open(path))
                    _ = closeDescriptor(fd); unlink(temp)
                    throw failure
                }
                return (fd, temp)
            }
            if errno != EEXIST { throw failure(.open(path)) }
        }
        throw StorageError(.io, .noTemporaryName(path: path, directory: dir))
    }

    // MARK: - Small helpers

    static func failure(_ what: StorageMessage.FileAction) -> StorageError {
        StorageError(.io, .fileFailed(what, errno: errno))
    }

    static func realPath(_ path: String) -> String? {
        guard let r = realpath(path, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1, p.hasSuffix("/") { p = p.dropLast() }
        return p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? String(p)
    }

    /// Best effort: the export is complete once renamed; a directory that cannot be synced
    /// (unreadable, say) only weakens the guarantee against a power cut.
    private static func syncDirectory(_ dir: String) {
        let d = posixOpen(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard d >= 0 else { return }
        _ = fsync(d)
        _ = closeDescriptor(d)
    }
}

/// `open(2)`, named apart from `OutputFile.open`.
private func posixOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }

/// `close(2)`, named apart from `OutputFile.close`.
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }
