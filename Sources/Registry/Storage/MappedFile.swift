#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mapped file: opening reads only the pages it touches (the journal's tail after the
/// snapshot, the frame headers of a walk). Only for files nobody shortens while they are
/// mapped: the journal under the writer lock, and registry images (replaced by rename, never
/// rewritten). An image is mapped `writable`: still private (`MAP_PRIVATE`), so a change to a
/// mapped row copies that page and nothing is ever written back; the registry's columns point
/// into it and keep it alive.
final class MappedFile {
    /// The mapped bytes (empty for an empty file).
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?

    /// The start of the mapping, for a `writable` one (nil for an empty file).
    var mutableBase: UnsafeMutableRawPointer? { base }

    /// Maps the first `size` bytes of `file`; `writable` maps them copy-on-write.
    init(_ file: PosixFile, size: Int, writable: Bool = false) throws(StorageError) {
        guard size > 0 else { base = nil; bytes = UnsafeRawBufferPointer(start: nil, count: 0); return }
        guard let p = mmap(nil, size, writable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_PRIVATE, file.fd, 0), p != MAP_FAILED else {
            throw PosixFile.error(.map(file.path))
        }
        base = p
        bytes = UnsafeRawBufferPointer(start: p, count: size)
    }

    deinit { if let base { munmap(base, bytes.count) } }
}
