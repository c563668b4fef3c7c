/// Students' events as a server keeps them: each event's record (`JournalChain.eventRecords`)
/// and its place in the registry's order (entry << 32 | position in the entry), in that order.
public struct StudentRecords: Sendable {
    /// The records.
    public var records: [[UInt8]] = []
    /// Each record's place.
    public var places: [UInt64] = []
    /// None yet.
    public init() {}
    /// Adds one record after the others.
    public mutating func append(_ record: [UInt8], entry: UInt64, position: Int) {
        records.append(record)
        places.append(entry << 32 | UInt64(position))
    }
}

/// What a registry that holds only some students keeps to fetch the others: a session on a
/// server, opened as an actor below the national level, holds the students of its scope (and
/// its former students) and every school, actor, request and calendar day; any other student a
/// statement names is fetched, as the journal's entries made it, when first asked for.
public final class PartialStudents {
    /// A student fetched by number or ID number.
    public enum Key: Hashable, Sendable {
        case number(RegistryNumber)
        case idCard(IDCardNumber)
    }

    /// The records (`JournalChain.eventRecords`) of the events of the students `keys` name,
    /// through entry `through` (nil: the session's last), in the order they were recorded, each
    /// with its place (entry << 32 | position in it); empty when there is no such student; nil
    /// when the server cannot say (it failed).
    public typealias Fetch = (_ keys: [Key], _ through: UInt64?) -> StudentRecords?

    /// The actor the session opened as. Below the national level its scope's students are held
    /// from the start; a national session holds none until a statement names them, or reads them
    /// all (`ChainDatabase.holdStudents(of:)`): its memory is what it was asked about.
    public let actor: ActorName
    /// The scopes whose students are all held: the one opened with (none for `national`), and
    /// any acted as since.
    public private(set) var scopes: [ActorName]
    /// For each scope, the rows held once its students were added: a rollback below that
    /// removed some of them, and the scope is no longer held whole.
    private var heldThrough: [Int]
    let fetch: Fetch
    /// Keys the server was asked for and had no student under (asked again after a catch-up).
    var missing: Set<Key> = []
    /// How many students were fetched since the registry was loaded.
    public internal(set) var fetched = 0
    /// Each held student's place in the registry's order (entry << 32 | event position of its
    /// first enrolment), by row: students fetched later come after rows registered after them.
    var keys: [UInt64] = []
    /// Whether some row's key is below the row's before it; then `order` is the rows sorted.
    var outOfOrder = false
    private var sortedRows: [Int32]?
    /// The events fetched students brought (index ranges of the registry's events): a change's
    /// entry leaves them out, though they came after its savepoint.
    var fetchedEvents: [Range<Int>] = []

    /// The provinces whose entries the session reads whole (nil: every province): those of its
    /// scopes' schools and of every student it holds, and any that a change it reads or makes
    /// takes a held student to. An entry about other provinces only, carrying nothing every
    /// session keeps, may come without its payload: its links are checked, nothing replayed.
    public internal(set) var provinces: Set<UInt8>? = []
    /// Entries the session passed without their payload (about provinces it does not follow).
    public internal(set) var entriesPassed = 0

    /// The key of a row the session's own change adds, until its entry is written (`place`).
    static let pending = UInt64.max

    /// Notes the key of the row just added.
    func added(key: UInt64) {
        if let last = keys.last, key < last { outOfOrder = true }
        keys.append(key)
        sortedRows = nil
    }

    /// Sets the key of row `r` (added pending, its entry now written or its record replayed).
    func place(row r: Int, key: UInt64) {
        keys[r] = key
        if (r > 0 && keys[r - 1] > key) || (r + 1 < keys.count && key > keys[r + 1]) { outOfOrder = true }
        sortedRows = nil
    }

    /// Forgets the rows and fetched events a rollback removed.
    func rolledBack(rows: Int, events: Int) {
        if keys.count > rows { keys.removeLast(keys.count - rows); sortedRows = nil }
        while let last = heldThrough.last, last > rows { heldThrough.removeLast(); scopes.removeLast() }
        while let last = fetchedEvents.last, last.upperBound > events {
            fetchedEvents.removeLast()
            if last.lowerBound < events { fetchedEvents.append(last.lowerBound..<events) }
        }
    }

    /// The rows in the registry's order; nil when that is their own.
    var order: [Int32]? {
        guard outOfOrder else { return nil }
        if let sortedRows, sortedRows.count == keys.count { return sortedRows }
        let sorted = keys.indices.sorted { keys[$0] < keys[$1] }.map { Int32($0) }
        sortedRows = sorted
        return sorted
    }

    /// Holds the students of `scope` (none yet for `national`); fetches others with `fetch`.
    public init(scope: ActorName, fetch: @escaping Fetch) {
        self.actor = scope
        self.scopes = scope.level == .national ? [] : [scope]
        self.heldThrough = scopes.map { _ in 0 }
        self.fetch = fetch
    }

    /// Whether every student of `scope` is held (a scope within one held).
    public func holds(_ scope: ActorName) -> Bool {
        scopes.contains { $0.level == .national || ($0.level >= scope.level && scope.code.hasPrefix($0.code)) }
    }

    /// Notes that the students of `scope` are now held too, the registry having `rows` rows.
    func add(_ scope: ActorName, rows: Int) {
        guard !holds(scope) else { return }
        scopes.append(scope)
        heldThrough.append(rows)
    }
}

extension Registry {
    /// Whether the registry holds every student of a school with this code (always, unless partial).
    func holdsStudents(ofSchool code: UInt64) -> Bool {
        guard let partial else { return true }
        guard let s = schoolByCode[code] else { return false }
        return partial.scopes.contains { inScope(school: s, of: $0) }
    }

    /// The row of a student the registry lacks, fetched from the server through `through` (nil:
    /// the session's last entry) and added as the journal made it; nil when the server has none.
    /// While a change is being made too: its entry leaves the fetched events out (`ownEvents`).
    func fetchStudent(_ key: PartialStudents.Key, through: UInt64? = nil) -> Int32? {
        guard let partial, !partial.missing.contains(key) else { return nil }
        guard let got = partial.fetch([key], through), !got.records.isEmpty else {
            if through == nil { partial.missing.insert(key) }
            return nil
        }
        guard (try? take(got, into: partial)) != nil else { return nil }
        return heldRow(key)
    }

    /// Adds fetched students as the journal made them, their events noted as fetched (no
    /// change's own); nothing added when the answer cannot be replayed.
    func take(_ got: StudentRecords, into partial: PartialStudents) throws(StorageError) {
        let before = savepoint()
        do throws(StorageError) { try JournalChain.replay(records: got.records, places: got.places, into: self, filtered: false) } catch {
            rollback(to: before)
            throw error
        }
        if events.count > before.events { partial.fetchedEvents.append(before.events..<events.count) }
        partial.fetched += rows.count - before.students
        followProvinces(ofRows: before.students..<rows.count)
    }

    /// Follows the provinces of the schools rows `range` are at (students just held).
    func followProvinces(ofRows range: Range<Int>) {
        guard let partial, partial.provinces != nil else { return }
        for r in range { partial.provinces?.insert(UInt8(truncatingIfNeeded: schoolRows[Int(rows[r].school)].code.rawValue / 100_000_000)) }
    }

    /// Follows the provinces of the schools the students of the events since event `start` are
    /// at now (a change may have taken a held student to another province).
    func followProvinces(ofEventsSince start: Int) {
        guard let partial, partial.provinces != nil, start < events.count else { return }
        for i in start..<events.count {
            partial.provinces?.insert(UInt8(truncatingIfNeeded: schoolRows[Int(rows[Int(events[i].student)].school)].code.rawValue / 100_000_000))
        }
    }

    /// Follows the provinces of the schools in `scope` (every province for `national`).
    func followProvinces(of scope: ActorName) {
        guard let partial else { return }
        if scope.level == .national { partial.provinces = nil; return }
        for c in schoolCodes(in: scope) { partial.provinces?.insert(UInt8(truncatingIfNeeded: c.rawValue / 100_000_000)) }
    }

    /// After a rollback removed held rows: follows only the provinces of the scopes still held
    /// and of the rows left (a national session that held every student, or fetched a part of
    /// an export, then reads the other provinces' entries without their payloads again).
    func refollowProvinces() {
        guard let partial else { return }
        guard !partial.scopes.contains(where: { $0.level == .national }) else { partial.provinces = nil; return }
        partial.provinces = []
        for scope in partial.scopes { followProvinces(of: scope) }
        followProvinces(ofRows: 0..<rows.count)
    }

    /// The codes of the schools in `scope`.
    func schoolCodes(in scope: ActorName) -> [SchoolCode] {
        schoolRows.indices.filter { inScope(school: Int32($0), of: scope) }.map { schoolRows[$0].code }
    }

    /// The held row a key finds, without asking the server.
    private func heldRow(_ key: PartialStudents.Key) -> Int32? {
        switch key {
        case .number(let n): return rowIndex(of: n.rawValue)
        case .idCard(let c): return byIDCard[c.digits]
        }
    }

    /// The rows in the registry's order when a partial registry holds them otherwise (students
    /// fetched after others registered later); nil when row order is the registry's.
    var rowsOutOfOrder: [Int32]? { partial?.order }

    /// Forgets the keys found missing (another session may have registered them since).
    func forgetMissing() { partial?.missing = [] }

    /// The events recorded since event `start` by changes, not by students fetched: index ranges.
    func ownEvents(since start: Int) -> [Range<Int>] {
        guard let fetched = partial?.fetchedEvents, let last = fetched.last, last.upperBound > start else {
            return [start..<events.count]
        }
        var out: [Range<Int>] = [], next = start
        for range in fetched where range.upperBound > start {
            if range.lowerBound > next { out.append(next..<range.lowerBound) }
            next = max(next, range.upperBound)
        }
        if next < events.count { out.append(next..<events.count) }
        return out
    }

    /// How many events changes recorded since event `start` (`ownEvents`).
    func ownEventCount(since start: Int) -> Int { ownEvents(since: start).reduce(0) { $0 + $1.count } }

    /// The last `count` events changes recorded (not students fetched), oldest first: those of
    /// the entry just written, for a store's own tables.
    public func lastOwnEvents(_ count: Int) -> [Int] {
        guard partial?.fetchedEvents.isEmpty == false else { return Array(max(0, events.count - count)..<events.count) }
        var out: [Int] = [], i = events.count - 1, ranges = partial!.fetchedEvents[...]
        while out.count < count && i >= 0 {
            if let r = ranges.last, r.contains(i) { i = r.lowerBound - 1; ranges.removeLast(); continue }
            if let r = ranges.last, r.lowerBound > i { ranges.removeLast(); continue }
            out.append(i); i -= 1
        }
        return out.reversed()
    }

    /// Gives the rows the change since `sp` added their places, its entry being `sequence`.
    func placeOwnRows(since sp: Savepoint, entry sequence: UInt64) {
        guard let partial else { return }
        for (position, i) in ownEvents(since: sp.events).joined().enumerated() {
            let e = events[i]
            if EventKind(code: e.kind) == .enrol && e.detail == 1 {
                partial.place(row: Int(e.student), key: sequence << 32 | UInt64(position))
            }
        }
    }

    /// Fetches at once the students of `keys` the registry lacks (an import's ID numbers, before
    /// R1 asks of each): one question to the server where each would ask one.
    func prefetch(_ keys: [PartialStudents.Key]) {
        guard let partial else { return }
        let wanted = Array(Set(keys.filter { !partial.missing.contains($0) && heldRow($0) == nil }))
        guard !wanted.isEmpty, let got = partial.fetch(wanted, nil) else { return }
        if !got.records.isEmpty, (try? take(got, into: partial)) == nil { return }
        for k in wanted where heldRow(k) == nil { partial.missing.insert(k) }
    }

    /// The row of the student with this registry number: held, or fetched from the server.
    func lookUp(number: UInt64) -> Int32? {
        rowIndex(of: number) ?? (partial == nil ? nil : fetchStudent(.number(RegistryNumber(rawValue: number))))
    }

    /// The row of the student registered under this ID number (digits): held, or fetched.
    func lookUp(idCard digits: UInt64) -> Int32? {
        byIDCard[digits] ?? (partial == nil ? nil : fetchStudent(.idCard(IDCardNumber(digits: digits))))
    }
}
