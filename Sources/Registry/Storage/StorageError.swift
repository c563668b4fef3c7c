/// Why the registry directory could not be opened, written or checked.
///
/// The shell maps `.damaged` and `.locked` to exit status 3; the message names the file and,
/// for damage, the journal entry (sequence number, effective date, statement kind).
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it is.
    public enum Kind: Sendable, Equatable {
        /// A file is altered, truncated in the middle, or disagrees with the hash chain.
        case damaged
        /// Another process holds the registry open for writing.
        case locked
        /// The operating system refused a read, write, sync or rename.
        case io
        /// The operation needs a read-write store.
        case readOnly
        /// The registry is on a read-only file system: it can only be opened `--read-only`.
        case readOnlyFileSystem
        /// A registry file is a symbolic link (a registry's files never are): not followed.
        case symbolicLink
        /// An output file (export, `.output`) would overwrite a registry: refused.
        case refused
    }

    /// The kind of failure.
    public var kind: Kind
    /// What went wrong, as an entry of the engine's message catalogue.
    public var id: StorageMessage
    /// The rule the failure enforces, when one does (R22: an entry the session cannot sign).
    public var rule: Rule?

    /// What went wrong, in English, for an administrator.
    public var message: String { id.english }

    /// Makes an error from a catalogue entry.
    public init(_ kind: Kind, _ id: StorageMessage, rule: Rule? = nil) { self.kind = kind; self.id = id; self.rule = rule }

    /// `error: message`, or `error[R22]: message`.
    public var description: String { "error\(rule.map { "[\($0)]" } ?? ""): \(message)" }
}

/// When journal writes reach the disk.
public enum SyncMode: Sendable, Equatable {
    /// fsync every entry before the statement is acknowledged: nothing acknowledged is lost.
    case full
    /// fsync at most every 100 ms (and on close and checkpoint): a crash loses at most the
    /// last 100 ms of acknowledged work, never the consistency of what remains.
    case normal
}

/// Tunables of a `DiskDatabase`; the defaults suit production, tests shrink the thresholds.
public struct StoreOptions: Sendable {
    /// When journal writes are synced.
    public var syncMode: SyncMode = .full
    /// Take a snapshot once the journal has grown this many bytes past the last one.
    public var snapshotAfterBytes: Int = 64 << 20
    /// …or once this many events were journalled since the last one.
    public var snapshotAfterEvents: Int = 100_000
    /// Re-hash every journal entry covered by the snapshot when opening (the tail is always
    /// checked). Off by default (issue 12): the snapshot is vouched for by its checkpoint entry
    /// in the chain, and re-hashing the whole chain is `verify`'s work, so opening costs the
    /// tail, not the history.
    public var checkWholeChainOnOpen: Bool = false
    /// The chain head the journal must reach with this hash (`--expect-head N:HASH`): an open
    /// that finds entry N missing or different fails as damaged.
    public var expectedHead: ChainHead?
    /// The defaults.
    public init() {}
}
