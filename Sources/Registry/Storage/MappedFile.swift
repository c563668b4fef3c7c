#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only: opening reads only the pages it touches (the journal's tail after
/// the snapshot, the frame headers of a walk) and decodes a snapshot without copying it first.
/// Only for files nobody shortens while they are mapped: the journal under the writer lock, and
/// snapshots (replaced by rename, never rewritten).
final class MappedFile {
    /// The mapped bytes (empty for an empty file).
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    /// Maps the first `size` bytes of `file`.
    init(_ file: PosixFile, size: Int) throws(StorageError) {
        guard size > 0 else { base = nil; bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.fd, 0), p != MAP_FAILED else {
            throw PosixFile.error("cannot map \(file.path)")
        }
        base = p
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    deinit { if let base { munmap(base, bytes.count) } }
}
