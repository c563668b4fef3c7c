/// Where a backend shared by many sessions at once (PostgreSQL) keeps a registry's journal
/// chain. The engine owns the entries' bytes (`JournalChain`) and every rule; the store only
/// keeps entries in order, serializes writers, and may mirror the registry into tables of its own.
public protocol ChainStore: AnyObject {
    /// What the store is called in messages (its address, without a password).
    var name: String { get }
    /// Entries after `sequence`, in order: what other sessions wrote since this one last looked.
    func entries(after sequence: UInt64) throws(StorageError) -> [ChainedEntry]
    /// The first of those whose payloads fit in `bytes` together (always at least one), and
    /// whether more follow them: a long chain read part by part, so that a session never holds
    /// all of it at once.
    func entries(after sequence: UInt64, atMost bytes: Int) throws(StorageError) -> (entries: [ChainedEntry], more: Bool)
    /// Entry `sequence`, when the chain holds it.
    func entry(_ sequence: UInt64) throws(StorageError) -> ChainedEntry?
    /// The entry after which the store keeps the chain by province (`ChainCursor`); nil: one chain.
    var provinceAnchor: ChainHead? { get }
    /// Starts a write: takes the chain's writer lock (waiting while another session holds it) and
    /// returns the entries after `sequence` that were written meanwhile. `forTransaction`: held
    /// for a `begin … commit` block (the store may end one left idle); else for one statement's entry.
    func lock(after sequence: UInt64, forTransaction: Bool) throws(StorageError) -> [ChainedEntry]
    /// Adds an entry after the chain's last, under the lock; `registry` already holds its
    /// changes, `students` are those its events touched (for the store's own tables).
    func append(_ entry: ChainedEntry, students: [RegistryNumber], registry: Registry) throws(StorageError)
    /// Ends a write: keeps (`commit`) or drops what `append` added, and releases the lock.
    func unlock(commit: Bool) throws(StorageError)
    /// What the store's own tables disagree with the registry about (`verify`); empty when nothing.
    func problems(against registry: Registry) -> [StorageMessage]
    /// Ends the connection; an open write is dropped. Called once.
    func close()
}

extension ChainStore {
    /// One chain, each entry linked to the one before.
    public var provinceAnchor: ChainHead? { nil }

    /// All of them at once (a store that holds its chain in memory anyway).
    public func entries(after sequence: UInt64, atMost bytes: Int) throws(StorageError) -> (entries: [ChainedEntry], more: Bool) {
        (try entries(after: sequence), false)
    }
}

/// A `ChainStore` that can hand a session one scope's students without the chain replayed: a
/// server that keeps each event's record beside its row (`JournalChain.eventRecords`).
public protocol ScopedChainStore: ChainStore {
    /// `entries(after:atMost:)`, but an entry whose links name none of `provinces` (nil: every
    /// province is wanted) and that carries nothing every session keeps may come with an empty
    /// payload (a session holding some students does not replay it).
    func entries(after sequence: UInt64, atMost bytes: Int, wholeFor provinces: Set<UInt8>?) throws(StorageError) -> (entries: [ChainedEntry], more: Bool)
    /// Loads a scope, as of one moment of the chain, which it returns: first the entries up to
    /// it that carry what every session keeps (schools, actors, requests, the calendar), part by
    /// part, to `shared`; then the records of the events of every student who is, or was, at one
    /// of the schools `schools` names once those entries are in, to `records`, in the order
    /// they were recorded. With the moment, each province's last entry up to it (nil when the
    /// store does not keep them).
    func loadScope(shared: ([ChainedEntry]) throws(StorageError) -> Void, schools: () -> [SchoolCode],
                   records: (StudentRecords) throws(StorageError) -> Void) throws(StorageError) -> (head: ChainHead, provinces: [UInt8: [UInt8]]?)
    /// The records of the events of the students `keys` name (each once), through entry
    /// `through`, in the order they were recorded (none: no such student).
    func records(of keys: [PartialStudents.Key], through: UInt64) throws(StorageError) -> StudentRecords
    /// Adds the students of the schools `schools` names, as of entry `through`, that `registry`
    /// does not hold yet, to `records` (a session acting as another actor, `.as`).
    func records(atSchools schools: [SchoolCode], through: UInt64, excluding registry: Registry) throws(StorageError) -> StudentRecords
}

extension ScopedChainStore {
    /// Every payload (a store that holds its chain in memory anyway).
    public func entries(after sequence: UInt64, atMost bytes: Int, wholeFor provinces: Set<UInt8>?) throws(StorageError) -> (entries: [ChainedEntry], more: Bool) {
        try entries(after: sequence, atMost: bytes)
    }
}

/// A registry whose journal a `ChainStore` keeps: the registry in memory, replayed from the
/// store's chain at open and caught up before every statement; a change is checked by the
/// engine's own rules under the store's writer lock, after catching up, so two sessions can
/// never both pass a rule (R1, R4, R20) on the same child.
public final class ChainDatabase: RegistryDatabase {
    /// The registry; change it only through `write`.
    public let registry: Registry
    /// Whether changes are refused (opened read-only).
    public let isReadOnly: Bool
    /// Always empty: a store reports failures as they happen.
    public var warnings: [StorageMessage] { [] }
    /// The session's actor and key, which sign every entry of a governed registry (R22).
    public var signer: (name: ActorName, key: SigningKey)?
    /// Whether the session's clock is fixed (`--today`); entries of a governed registry say so.
    public var clockIsFixed = false
    /// The store; the shell names it (`explain`, `verify`).
    public let store: any ChainStore
    private var writes = LocalWrites()
    /// Where the session stands in the store's chain: the last entry replayed or written, its
    /// hash, and each province's last entry after the anchor.
    private var cursor: ChainCursor
    /// The last entry replayed or written.
    public var sequence: UInt64 { cursor.sequence }
    /// Whether this session holds the store's writer lock (a write or a transaction in progress).
    private var locked = false
    /// The number of the last entry a change of this session became.
    public private(set) var lastEntry: Int?
    private var closed = false

    /// Opens the registry `store` keeps, replaying its whole chain into a registry whose today is `today`.
    public init(store: any ChainStore, today: Day, readOnly: Bool = false) throws(StorageError) {
        self.store = store
        self.registry = Registry(today: today)
        self.isReadOnly = readOnly
        self.cursor = ChainCursor(anchor: store.provinceAnchor)
        try catchUpInParts()
        registry.ownedByDatabase = true
    }

    /// Opens the registry `store` keeps, holding only the students of `scope` (and its former
    /// students; none for `national`, whose session holds students as statements name them, and
    /// every student once one reads them all: `holdStudents(of:)`), every school, actor, request
    /// and calendar day; other students are fetched
    /// from the store when a statement names them, a change's rules asking it too (R1: an ID
    /// number registered elsewhere; R3: an L number issued elsewhere). Memory and time to open
    /// are the scope's, not the registry's.
    public init(store: any ScopedChainStore, today: Day, scope: ActorName, readOnly: Bool = true) throws(StorageError) {
        self.store = store
        self.registry = Registry(today: today)
        self.isReadOnly = readOnly
        self.cursor = ChainCursor(anchor: store.provinceAnchor)
        let registry = self.registry
        registry.partial = PartialStudents(scope: scope) { [weak self] keys, through in
            guard let self else { return nil }
            return try? store.records(of: keys, through: through ?? self.sequence)
        }
        registry.writing = true
        let (head, provinces) = try store.loadScope(shared: { (entries: [ChainedEntry]) throws(StorageError) in
            for e in entries { try JournalChain.replayShared(e, into: registry) }
        }, schools: {
            // A scope is an actor's in a governed registry; elsewhere there is none to hold.
            guard registry.isGoverned, registry.actor(scope) != nil else { return [] }
            return registry.schools.filter { registry.holdsStudents(ofSchool: $0.code.rawValue) }.map(\.code)
        }, records: { (got: StudentRecords) throws(StorageError) in
            try JournalChain.replay(records: got.records, places: got.places, into: registry)
        })
        registry.followProvinces(ofRows: 0..<registry.studentCount)
        // (A national session holds no scope yet: it follows the provinces of whom it fetches.)
        for held in registry.partial?.scopes ?? [] { registry.followProvinces(of: held) }
        registry.writing = false
        cursor = .resuming(at: head, anchor: store.provinceAnchor, heads: provinces)
        try catchUpInParts()
        registry.ownedByDatabase = true
    }

    /// Whether the session holds only some students (`init(store:today:scope:)`).
    public var isPartial: Bool { registry.partial != nil }

    /// Whether a partial session's scope is an actor's of its governed registry (else it holds
    /// no student, and a whole session is to be opened instead).
    public var holdsAnActorsScope: Bool {
        guard let scope = registry.partial?.actor else { return false }
        return registry.isGoverned && registry.actor(scope) != nil
    }

    /// Makes a partial registry hold the students of `scope` too (the session acts as another
    /// actor, or a statement reads every student of its scope in memory); `national`: every student.
    public func hold(_ scope: ActorName) throws(StorageError) {
        guard let partial = registry.partial, !partial.holds(scope), let scoped = store as? any ScopedChainStore else { return }
        let records = try scoped.records(atSchools: registry.schoolCodes(in: scope), through: sequence, excluding: registry)
        let wasWriting = registry.writing
        registry.writing = true
        defer { registry.writing = wasWriting }
        // Taken as fetched students are: inside a transaction its entry leaves their events out,
        // and its rollback forgets them (and that the scope is held).
        try registry.take(records, into: partial)
        partial.add(scope, rows: registry.studentCount)
        registry.followProvinces(of: scope)
    }

    /// Whether every student of `scope` is held (always, unless partial).
    public func holdsStudents(of scope: ActorName) -> Bool {
        registry.partial?.holds(scope) ?? true
    }

    /// Fetches those of `numbers` not held yet, in one question to the store.
    public func holdStudents(numbered numbers: [RegistryNumber]) throws(RegistryError) {
        guard let partial = registry.partial, let scoped = store as? any ScopedChainStore else { return }
        let wanted = numbers.filter { registry.rowIndex(of: $0.rawValue) == nil }
        guard !wanted.isEmpty else { return }
        let wasWriting = registry.writing
        registry.writing = true
        defer { registry.writing = wasWriting }
        do throws(StorageError) {
            try registry.take(try scoped.records(of: wanted.map { .number($0) }, through: sequence), into: partial)
        } catch {
            throw RegistryError(error.rule, .storage(error.id))
        }
    }

    /// Outside a transaction, the students fetched for `body` are forgotten after it (a rollback
    /// of the registry to before them: a fetch records no change).
    public func withStudents<T>(numbered numbers: [RegistryNumber], _ body: () throws(RegistryError) -> T) throws(RegistryError) -> T {
        guard registry.partial != nil, writes.state == .none else {
            try holdStudents(numbered: numbers)
            return try body()
        }
        let sp = registry.savepoint()
        defer {
            let wasWriting = registry.writing
            registry.writing = true
            registry.rollback(to: sp)
            registry.writing = wasWriting
        }
        try holdStudents(numbered: numbers)
        return try body()
    }

    /// `hold(scope)`, unless its students are held already.
    public func holdStudents(of scope: ActorName) throws(RegistryError) {
        guard let partial = registry.partial, !partial.holds(scope) else { return }
        do throws(StorageError) { try hold(scope) } catch {
            throw RegistryError(error.rule, .storage(error.id))
        }
    }

    /// How much of the chain's payloads a session reads at a time: its peak memory at open is the
    /// registry and one part, not the registry and the whole journal.
    public static let part = 16 << 20

    /// Replays the entries after this session's, part by part.
    private func catchUpInParts() throws(StorageError) {
        while true {
            let part = if let partial = registry.partial, let scoped = store as? any ScopedChainStore {
                try scoped.entries(after: sequence, atMost: Self.part, wholeFor: partial.provinces)
            } else {
                try store.entries(after: sequence, atMost: Self.part)
            }
            try catchUp(part.entries)
            if !part.more { return }
        }
    }

    deinit { close() }

    /// The registry's cancellation flag.
    public var cancellation: Cancellation { registry.cancellation }
    /// Whether a transaction is open or aborted.
    public var transaction: TransactionState { writes.state }

    /// Replays entries other sessions wrote; each must be the next link of the chain.
    private func catchUp(_ entries: [ChainedEntry]) throws(StorageError) {
        guard !entries.isEmpty else { return }
        let wasWriting = registry.writing
        registry.writing = true
        defer { registry.writing = wasWriting }
        for e in entries {
            if let problem = cursor.problem(with: e) { throw StorageError(.damaged, problem) }
            guard let partial = registry.partial else {
                try JournalChain.replay(e, into: registry)
                cursor.advance(past: e)
                continue
            }
            var whole = e
            if e.payload.isEmpty {
                if let followed = partial.provinces, !e.links.contains(where: { followed.contains($0.province) }) {
                    // About provinces the session does not follow: nothing of it is held.
                    partial.entriesPassed += 1
                    cursor.advance(past: e)
                    continue
                }
                // The session began to follow one of them earlier in this part: read it whole.
                guard let read = try store.entry(e.sequence), read.hash == e.hash, !read.payload.isEmpty else {
                    throw StorageError(.damaged, .entryUnreadable)
                }
                whole = read
            }
            let before = registry.eventCount
            try JournalChain.replay(whole, into: registry)
            // A held student may have gone to another province.
            registry.followProvinces(ofEventsSince: before)
            cursor.advance(past: whole)
        }
        registry.forgetMissing()
    }

    /// Catches up with what other sessions wrote (before each statement, outside a transaction).
    public func refresh() throws(RegistryError) {
        guard writes.state == .none else { return }
        do throws(StorageError) { try catchUpInParts() } catch {
            throw RegistryError(error.rule, .storage(error.id))
        }
    }

    private var readOnlyMessage: StorageMessage? { isReadOnly ? .readOnlyChangeNotMade(registry: store.name) : nil }

    /// Takes the writer lock and catches up under it, so the rules see every other session's change.
    private func takeLock(forTransaction: Bool) throws(RegistryError) {
        do throws(StorageError) {
            let newer = try store.lock(after: sequence, forTransaction: forTransaction)
            locked = true
            try catchUp(newer)
        } catch {
            releaseLock()
            throw RegistryError(error.rule, .storage(error.id))
        }
    }

    private func releaseLock() {
        guard locked else { return }
        locked = false
        try? store.unlock(commit: false)
    }

    /// The changes since `sp` as the chain's next entry, kept by the store before this returns.
    private func persist(_ sp: Savepoint, _ label: String?) throws(StorageError) {
        guard let e = try JournalChain.entry(of: registry, since: sp, label: label, after: cursor,
                                             signer: signer, fixedClock: clockIsFixed) else { return }
        do throws(StorageError) {
            try store.append(e, students: JournalChain.students(e), registry: registry)
            locked = false
            try store.unlock(commit: true)
        } catch {
            releaseLock()
            throw error
        }
        cursor.advance(past: e)
        registry.followProvinces(ofEventsSince: sp.events)
        registry.placeOwnRows(since: sp, entry: e.sequence)
        lastEntry = Int(e.sequence)
    }

    /// Runs `body` as one change under the store's writer lock: the next entry of the chain, or nothing.
    public func write<T>(label: String?, _ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T {
        if let readOnlyMessage { throw RegistryError(nil, .storage(readOnlyMessage)) }
        if writes.state == .aborted { throw RegistryError.transactionAborted }
        try checkSigner()
        let own = writes.state == .none
        if own { try takeLock(forTransaction: false) }
        defer {
            if own { releaseLock() }
            if writes.state == .aborted { releaseLock() }
        }
        return try writes.write(registry, label: label, readOnly: nil, persist: persist, body)
    }

    /// Refuses a change to a governed registry before it is made when the session cannot sign it (R22).
    private func checkSigner() throws(RegistryError) {
        do throws(StorageError) { try JournalChain.checkSigner(signer, for: registry) } catch {
            throw RegistryError(error.rule, .storage(error.id))
        }
    }

    /// Opens a transaction, holding the writer lock until it ends.
    public func begin() throws(RegistryError) {
        if let readOnlyMessage { throw RegistryError(nil, .storage(readOnlyMessage)) }
        guard writes.state == .none else { return try writes.begin(registry, readOnly: nil) }
        try checkSigner()
        try takeLock(forTransaction: true)
        do throws(RegistryError) { try writes.begin(registry, readOnly: nil) } catch {
            releaseLock()
            throw error
        }
    }

    /// Keeps the transaction's changes as one entry and releases the lock.
    public func commit() throws(RegistryError) -> Int {
        defer { releaseLock() }
        return try writes.commit(registry, persist: persist)
    }

    /// Undoes the transaction and releases the lock.
    public func rollback() throws(RegistryError) -> Int {
        defer { releaseLock() }
        return try writes.rollback(registry)
    }

    /// Undoes the open transaction's changes and releases the lock; later changes are refused
    /// until `rollback` or `commit` ends it.
    public func abortTransaction() {
        writes.abort(registry)
        if writes.state == .aborted { releaseLock() }
    }

    /// The events entry `n` recorded (`revert entry N`, R23).
    public func recordedEvents(ofEntry n: Int) throws(RegistryError) -> [RecordedEvent] {
        do throws(StorageError) {
            guard n >= 1, let e = try store.entry(UInt64(n)) else { throw StorageError(.io, .noJournalEntry(n)) }
            return try JournalChain.recordedEvents(e)
        } catch {
            throw RegistryError(error.id == .noJournalEntry(n) ? .r23 : error.rule, .storage(error.id))
        }
    }

    /// Refused: the store keeps the chain itself, and every session replays it at open.
    public func checkpoint() throws(RegistryError) {
        throw RegistryError(nil, .storage(.nothingToCheckpointInStore))
    }

    /// The whole chain checked (links, hashes, signatures) and replayed against this registry,
    /// and the store's own tables against it; first caught up with what others wrote (outside
    /// a transaction), as the tables have it.
    public func verify() -> VerifyReport {
        if writes.state == .none { try? catchUpInParts() }
        let pages = ChainPages(store: store, upTo: sequence)
        var (report, fresh) = JournalChain.verifyReplaying(pages, against: registry, anchor: store.provinceAnchor)
        if let failed = pages.failure { report.problemIDs.insert(failed.id, at: 0) }
        // A partial registry is checked student by student above; the tables against the whole.
        report.problemIDs += store.problems(against: isPartial ? fresh : registry)
        report.server = store.name
        return report
    }

    /// The chain as this session has replayed it.
    public func chainedEntries() throws(StorageError) -> [ChainedEntry] {
        try store.entries(after: 0).filter { $0.sequence <= sequence }
    }

    /// Drops an open transaction and ends the store's connection.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = writes.discard(registry)
        releaseLock()
        store.close()
    }

    /// Refuses (`--expect-head`) a chain that does not hold entry `expected.entries` with that
    /// hash: cut short of it, or rewritten.
    public func check(expected: ChainHead) throws(StorageError) {
        let problem: StorageMessage
        if expected.entries > sequence {
            problem = .journalCut(holds: sequence, recordedBy: .expectHead, records: expected.entries)
        } else {
            let actual = expected.entries == 0 ? JournalChain.genesis
                : expected.entries == sequence ? cursor.head : try store.entry(expected.entries)?.hash
            guard let actual, actual != expected.hash else { return }
            problem = .journalRewritten(entry: expected.entries, recordedBy: .expectHead,
                                        found: ChainHead(entries: expected.entries, hash: actual))
        }
        throw StorageError(.damaged, .damaged(registry: store.name, problem: problem))
    }

    /// The chain's head as `--head` prints it: entries and the last one's hash.
    public var chainHead: ChainHead { ChainHead(entries: sequence, hash: cursor.head) }
}

/// A store's chain up to an entry, read part by part as it is walked (`verify` holds one part
/// at a time, beside the registry it replays). A failure to read ends the walk and is kept.
final class ChainPages: Sequence {
    let store: any ChainStore
    let last: UInt64
    /// Why the walk ended early; nil when it reached `last`.
    private(set) var failure: StorageError?

    init(store: any ChainStore, upTo last: UInt64) { self.store = store; self.last = last }

    struct Iterator: IteratorProtocol {
        let pages: ChainPages
        var part: [ChainedEntry] = []
        var index = 0
        var after: UInt64 = 0
        var more = true

        mutating func next() -> ChainedEntry? {
            if index == part.count {
                guard more, after < pages.last, pages.failure == nil else { return nil }
                do throws(StorageError) { (part, more) = try pages.store.entries(after: after, atMost: ChainDatabase.part) } catch {
                    pages.failure = error
                    return nil
                }
                index = 0
                if part.isEmpty { return nil }
            }
            let e = part[index]
            guard e.sequence <= pages.last else { return nil }
            index += 1
            after = e.sequence
            return e
        }
    }

    func makeIterator() -> Iterator { Iterator(pages: self) }
}
