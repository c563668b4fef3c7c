#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the journal's hash chain stands: how many entries it holds and the SHA-256 of the
/// last one, written `N:HASH` (lowercase hex). An administrator who files it elsewhere can
/// later detect truncation or any rewrite up to it (`--expect-head`); the registry directory
/// keeps the last synced one in its `head` file for the same check at every open.
public struct ChainHead: Sendable, Hashable, CustomStringConvertible {
    /// Entries in the journal (0 for a new registry).
    public var entries: UInt64
    /// The SHA-256 of entry `entries` (of the journal header when 0), 32 bytes.
    public var hash: [UInt8]

    /// A head from its parts.
    public init(entries: UInt64, hash: [UInt8]) { self.entries = entries; self.hash = hash }

    /// Parses `N:HASH` (64 hex digits); nil when it is not of that form.
    public init?(_ text: String) {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = UInt64(parts[0]), parts[1].utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var hex = parts[1].utf8.makeIterator()
        while let hi = hex.next(), let lo = hex.next() {
            guard let h = ChainHead.nibble(hi), let l = ChainHead.nibble(lo) else { return nil }
            bytes.append(h << 4 | l)
        }
        self.init(entries: n, hash: bytes)
    }

    /// `N:HASH`.
    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for b in hash { hex.append(digits[Int(b >> 4)]); hex.append(digits[Int(b & 15)]) }
        return "\(entries):" + String(decoding: hex, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}

/// The registry directory's `head` file: the chain head after the last journal fsync,
/// replaced by temp + rename (never fsynced itself: a lost update only makes it older, and an
/// older head is still true).
enum HeadFile {
    static let fileName = "head"

    /// The recorded head; nil when there is no file; `.failure` with why when it is unreadable.
    static func read(directory: String) -> Result<ChainHead, StorageError>? {
        let path = directory + "/" + fileName
        guard PosixFile.exists(path) else { return nil }
        do throws(StorageError) {
            let text = String(decoding: try PosixFile(path, flags: O_RDONLY).readAll(), as: UTF8.self)
            guard let head = ChainHead(text) else {
                return .failure(StorageError(.damaged, .notAChainHead(path: path)))
            }
            return .success(head)
        } catch {
            return .failure(error)
        }
    }

    /// Replaces the file with `head`.
    static func write(_ head: ChainHead, directory: String) throws(StorageError) {
        let path = directory + "/" + fileName, tmp = path + ".tmp"
        do throws(StorageError) {
            let f = try PosixFile(tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try f.write(Array((head.description + "\n").utf8), at: 0)
            try PosixFile.rename(tmp, path)
        } catch {
            _ = unlink(tmp)
            throw error
        }
    }
}
