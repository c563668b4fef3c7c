import Crypto

/// One province's link of an entry in a journal kept as chains by province (PostgreSQL,
/// issue 18, 省级统筹): the hash of that province's entry before it, or of the anchor for its first.
public struct ProvinceLink: Sendable, Hashable {
    /// The province's GB/T 2260 code (11 Beijing … 82 Macao); 0 for the national chain, which
    /// holds the entries about no province (actors, the working calendar).
    public var province: UInt8
    /// The hash of the province's entry before, or the anchor's.
    public var previous: [UInt8]

    /// A link from its parts.
    public init(province: UInt8, previous: [UInt8]) { self.province = province; self.previous = previous }

    /// Links as `journal.links` keeps them: 33 bytes each, the province then the hash.
    public static func encode(_ links: [ProvinceLink]) -> [UInt8] {
        links.flatMap { [$0.province] + $0.previous }
    }

    /// Links from `encode`'s bytes; nil when the length is not a multiple of 33.
    public static func decode(_ bytes: [UInt8]) -> [ProvinceLink]? {
        guard bytes.count % 33 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 33).map {
            ProvinceLink(province: bytes[$0], previous: Array(bytes[($0 + 1)..<($0 + 33)]))
        }
    }

    /// What an entry with `links` carries as its frame's link: their SHA-256, so that the
    /// entry's hash, and its signature, cover the link to every province's chain it is in.
    public static func joined(_ links: [ProvinceLink]) -> [UInt8] {
        var h = SHA256()
        h.update(data: Array("xueji province links".utf8))
        for l in links { h.update(data: [l.province]); h.update(data: l.previous) }
        return Array(h.finalize())
    }
}

/// Where a reader of a chain stands: the entries up to the anchor link each to the one before
/// (one chain, as `journal.xj` keeps it, and as a registry copied in keeps it); each entry after
/// the anchor links to the last entry of every province it is about (a chain per province,
/// each starting at the anchor), so that writers to different provinces need not follow one
/// another's entries to link theirs.
public struct ChainCursor: Sendable, Equatable {
    /// The last entry passed (0: none).
    public private(set) var sequence: UInt64 = 0
    /// Its hash (the genesis for none).
    public private(set) var head: [UInt8] = JournalChain.genesis
    /// The entry the chains by province start after; nil: one chain (an embedded journal), or
    /// (inferring) not met yet.
    public private(set) var anchor: ChainHead?
    /// Each province's last entry's hash.
    public private(set) var heads: [UInt8: [UInt8]] = [:]
    /// The entries of each province's chain passed.
    public private(set) var counts: [UInt8: Int] = [:]
    /// Whether the anchor is where the first linked entry is (a chain copied from another store).
    private var infersAnchor = false
    /// Whether the cursor started past the anchor without the provinces' last entries (`resuming`):
    /// a link to a province not passed since is taken as it is.
    private var learnsHeads = false

    /// A cursor at the start of a chain whose chains by province start after `anchor` (nil: one chain).
    public init(anchor: ChainHead?) { self.anchor = anchor }

    /// A cursor for a chain whose anchor, if any, is wherever its first linked entry is.
    public static func inferringAnchor() -> ChainCursor {
        var c = ChainCursor(anchor: nil)
        c.infersAnchor = true
        return c
    }

    /// A cursor at entry `head` for a reader that did not pass the entries before it (a session
    /// that loaded its scope from a server's tables). Given each province's last entry up to
    /// `head` (`heads`: all of them, as the server keeps them), it checks every link as a reader
    /// of the whole chain does; without, it learns them from the entries it passes, and checks
    /// the links of the provinces it has learned.
    public static func resuming(at head: ChainHead, anchor: ChainHead?, heads: [UInt8: [UInt8]]? = nil) -> ChainCursor {
        var c = ChainCursor(anchor: anchor)
        c.sequence = head.entries
        c.head = head.entries == 0 ? JournalChain.genesis : head.hash
        if let heads { c.heads = heads } else { c.learnsHeads = anchor.map { head.entries > $0.entries } ?? false }
        return c
    }

    /// Whether the next entry links by province.
    public var linksByProvince: Bool { anchor.map { sequence >= $0.entries } ?? false }

    /// The links the next entry about `provinces` takes (none: the national chain); nil when it
    /// links to the entry before it (one chain).
    public func links(for provinces: Set<UInt8>) -> [ProvinceLink]? {
        guard let anchor, sequence >= anchor.entries else { return nil }
        return (provinces.isEmpty ? [0] : provinces.sorted()).map { ProvinceLink(province: $0, previous: heads[$0] ?? anchor.hash) }
    }

    /// What is wrong with `e` as the next entry (its sequence, its links); nil when nothing.
    /// Hashes and signatures are `JournalChain.problem`'s.
    public func problem(with e: ChainedEntry) -> StorageMessage? {
        guard e.sequence == sequence + 1 else { return .wrongSequence(found: e.sequence) }
        guard !e.links.isEmpty else {
            if linksByProvince { return .brokenChain }
            return e.previous == head ? nil : .brokenChain
        }
        let anchor: ChainHead
        if let a = self.anchor {
            guard sequence >= a.entries else { return .brokenChain }
            // The anchor must be the entry it names.
            if sequence == a.entries, a.hash != head { return .brokenChain }
            anchor = a
        } else {
            guard infersAnchor else { return .brokenChain }
            anchor = ChainHead(entries: sequence, hash: head)
        }
        var last: Int = -1
        for l in e.links {
            guard Int(l.province) > last else { return .brokenChain }
            last = Int(l.province)
            if learnsHeads && heads[l.province] == nil { continue }
            guard l.previous == (heads[l.province] ?? anchor.hash) else { return .brokenProvinceChain(province: Int(l.province)) }
        }
        return e.previous == ProvinceLink.joined(e.links) ? nil : .brokenChain
    }

    /// Passes `e` (which `problem(with:)` found fine).
    public mutating func advance(past e: ChainedEntry) {
        if !e.links.isEmpty {
            if anchor == nil { anchor = ChainHead(entries: sequence, hash: head) }
            for l in e.links { heads[l.province] = e.hash; counts[l.province, default: 0] += 1 }
        }
        sequence = e.sequence; head = e.hash
    }
}

extension JournalChain {
    /// The provinces an entry is about, as `registry` stands after it: the schools it adds, the
    /// schools of the students its events are about (before and after a change of school or
    /// number), the schools of the requests it starts or steps; none for an entry about actors
    /// or the calendar only (the national chain).
    static func provinces(of entry: JournalEntry, in registry: Registry) -> Set<UInt8> {
        var out = Set<UInt8>()
        func school(_ code: UInt64) { if code > 0 { out.insert(UInt8(truncatingIfNeeded: code / 100_000_000)) } }
        func school(_ v: Value) { if case .int(let c) = v, c > 0 { school(UInt64(c)) } else if let c = UInt64(v.description) { school(c) } }
        func student(_ number: UInt64) {
            guard let r = registry.rowIndex(of: number) else { return }
            school(registry.schoolRows[Int(registry.rows[Int(r)].school)].code.rawValue)
        }
        func request(_ r: Request?) {
            guard let r else { return }
            if let from = r.from { school(from.rawValue) }
            if let to = r.change.school { school(to.rawValue) }
            if let n = r.change.student { student(n.rawValue) }
        }
        for s in entry.schools { school(s.code.rawValue) }
        for e in entry.events {
            student(e.student)
            if let row = e.newRow { school(row.school) }
            for c in e.changes {
                switch c.field {
                case .school: school(c.before); school(c.after)
                case .no: if let n = RegistryNumber(c.after.description) { student(n.rawValue) }
                default: break
                }
            }
        }
        for op in entry.requestOps {
            switch op {
            case .open(let r): request(r)
            case .approve(let n, _, _, _), .reject(let n, _, _, _), .cancel(let n, _, _), .refuse(let n, _, _, _): request(registry.request(n))
            case .holiday, .workday: break
            }
        }
        return out
    }
}
