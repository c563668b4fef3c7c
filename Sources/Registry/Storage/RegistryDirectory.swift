#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognising a registry on disk, so that an output file (`OutputFile`) never lands on one.
enum RegistryDirectory {
    /// Whether `dir` holds a registry: a regular `journal.xj` whose first bytes are the journal
    /// magic (or a prefix of it: a registry being created, its header not yet written). One we
    /// may not read counts as a registry: better refuse an export than overwrite one.
    static func holdsRegistry(_ dir: String) -> Bool {
        let journal = (dir == "/" ? "" : dir) + "/journal.xj"
        let fd = open(journal, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            var st = stat()
            return errno == EACCES && lstat(journal, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return false }
        return startsLike(Journal.header.prefix(8), fd: fd, allowShort: true)
    }

    /// Refuses a file named `name` in the real directory `dir` (what `path` resolved to) when
    /// the directory holds a registry, or when the file is a journal or snapshot itself.
    static func refuse(_ path: String, directory dir: String, name: String) throws(StorageError) {
        let full = (dir == "/" ? "" : dir) + "/" + name
        if holdsRegistry(dir) {
            let inside = PosixFile.parentDirectory(of: path) == dir || OutputFile.realPath(PosixFile.parentDirectory(of: path)) == dir
            throw StorageError(.refused, .outputInsideRegistry(path: path, resolvedTo: inside ? nil : full, directory: dir))
        }
        let fd = open(full, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        try refuseContent(of: fd, path)
    }

    /// Refuses an existing regular file that is a xueji journal or snapshot, wherever it lies
    /// (a registry's files moved or copied elsewhere are still the registry's data).
    static func refuseContent(of fd: Int32, _ path: String) throws(StorageError) {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size >= 8 else { return }
        if startsLike(Journal.header.prefix(8), fd: fd, allowShort: false) {
            throw StorageError(.refused, .outputIsJournal(path: path))
        }
        if startsLike(Snapshot.magic[...], fd: fd, allowShort: false) {
            throw StorageError(.refused, .outputIsSnapshot(path: path))
        }
    }

    /// Whether the file begins with `magic` (or, with `allowShort`, is shorter and agrees so far).
    private static func startsLike(_ magic: ArraySlice<UInt8>, fd: Int32, allowShort: Bool) -> Bool {
        var head = [UInt8](repeating: 0, count: magic.count)
        let n = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n >= 0 else { return allowShort }   // unreadable: assume the worst
        guard n == magic.count || allowShort else { return false }
        return head.prefix(n).elementsEqual(magic.prefix(n))
    }
}
