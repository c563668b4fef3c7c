import XCTest
@testable import Registry

/// A `ChainStore` in memory whose chain is kept by province after `anchor` (as PostgreSQL keeps
/// it): what the engine's own part of the chains by province is tested on.
class MemoryChainStore: ChainStore {
    var entries: [ChainedEntry] = []
    var provinceAnchor: ChainHead?
    private var pending: ChainedEntry?
    /// Rewrites an entry as it is kept (a forger with write access to the store).
    var forge: ((ChainedEntry) -> ChainedEntry)?

    init(anchor: ChainHead?) { provinceAnchor = anchor }

    var name: String { "memory" }
    func entries(after sequence: UInt64) throws(StorageError) -> [ChainedEntry] { entries.filter { $0.sequence > sequence } }
    func entry(_ sequence: UInt64) throws(StorageError) -> ChainedEntry? { entries.first { $0.sequence == sequence } }
    func lock(after sequence: UInt64, forTransaction: Bool) throws(StorageError) -> [ChainedEntry] { try entries(after: sequence) }
    func append(_ entry: ChainedEntry, students: [RegistryNumber], registry: Registry) throws(StorageError) { pending = entry }
    func unlock(commit: Bool) throws(StorageError) {
        if commit, let e = pending { entries.append(forge?(e) ?? e) }
        pending = nil
    }
    func problems(against registry: Registry) -> [StorageMessage] { [] }
    func close() {}
}

/// Issue 18: a journal kept by province after an anchor — each entry linked to the last entry
/// of every province it is about, checked by every session that reads it and by `verify`, and
/// made one chain again when copied back into a directory.
final class ProvinceChainTests: StorageTestCase {
    static let wuhan = School(code: SchoolCode("4201020001")!, name: "武汉市江岸区第一小学", stage: .primary,
                              district: DistrictCode("420102")!)

    static func child(_ name: String, district: String, seq: Int) -> NewStudent {
        let birth = Day(year: 2016, month: 3, day: 4)!
        let head = district + birth.compact + String(seq).leftPadded(3)
        return NewStudent(name: name, gender: seq % 2 == 1 ? .male : .female, birth: birth,
                          idCard: head + String(IDCardNumber.checkCharacter(for: UInt64(head)!)),
                          ethnicity: "汉族", hukou: DistrictCode(district))
    }

    /// Schools in 41 and 42, a child enrolled in each, then the first moved from 41 to 42.
    func fill(_ db: ChainDatabase) throws -> RegistryNumber {
        try db.change { try $0.addSchool(Self.primary) }
        try db.change { try $0.addSchool(Self.wuhan) }
        let day = Day(year: 2023, month: 9, day: 1)!
        let moving = try db.change { try $0.enrol(Self.child("张一", district: "410303", seq: 11), at: Self.primary.code, grade: 1, on: day).number }
        try db.change { _ = try $0.enrol(Self.child("李二", district: "420102", seq: 12), at: Self.wuhan.code, grade: 1, on: day) }
        _ = try db.change { try $0.transfer(moving, to: Self.wuhan.code, on: Day(year: 2024, month: 3, day: 1)!, reason: "随父母迁居") }
        return moving
    }

    func testEachEntryLinksToTheLastEntryOfEveryProvinceItIsAbout() throws {
        let store = MemoryChainStore(anchor: ChainHead(entries: 0, hash: JournalChain.genesis))
        let db = try ChainDatabase(store: store, today: today)
        _ = try fill(db)
        let e = store.entries
        XCTAssertEqual(e.map { $0.links.map(\.province) }, [[41], [42], [41], [42], [41, 42]])
        XCTAssertEqual(e[2].links[0].previous, e[0].hash, "41's second entry follows 41's first")
        XCTAssertEqual(e[3].links[0].previous, e[1].hash)
        XCTAssertEqual(e[4].links.map(\.previous), [e[2].hash, e[3].hash], "the transfer follows both provinces' last entries")
        XCTAssertEqual(e[0].links[0].previous, JournalChain.genesis, "each province's first entry follows the anchor")
        for x in e { XCTAssertEqual(x.previous, ProvinceLink.joined(x.links), "the frame's link is their hash") }

        let report = db.verify()
        XCTAssertTrue(report.ok, "\(report)")
        XCTAssertEqual(report.entries, 5)
        XCTAssertEqual(report.provinceChains, VerifyReport.ProvinceChains(anchor: 0, entries: [(41, 3), (42, 3)]))

        // A second session follows the chains, and the first follows its entry.
        let other = try ChainDatabase(store: store, today: today)
        XCTAssertEqual(other.registry.studentCount, 2)
        try other.change { _ = try $0.enrol(Self.child("王三", district: "420102", seq: 13), at: Self.wuhan.code, grade: 1,
                                            on: Day(year: 2023, month: 9, day: 1)!) }
        XCTAssertEqual(store.entries[5].links, [ProvinceLink(province: 42, previous: e[4].hash)])
        try db.change { _ = try $0.enrol(Self.child("赵四", district: "410303", seq: 15), at: Self.primary.code, grade: 1,
                                         on: Day(year: 2023, month: 9, day: 1)!) }
        XCTAssertEqual(store.entries[6].links, [ProvinceLink(province: 41, previous: e[4].hash)])
        XCTAssertEqual(db.chainHead, ChainHead(entries: 7, hash: store.entries[6].hash))
        XCTAssertTrue(try ChainDatabase(store: store, today: today).verify().ok)
    }

    func testEntriesUpToTheAnchorAreOneChainAndTheChainsStartAtIt() throws {
        let store = MemoryChainStore(anchor: nil)
        let db = try ChainDatabase(store: store, today: today)
        try db.change { try $0.addSchool(Self.primary) }
        try db.change { try $0.addSchool(Self.wuhan) }
        XCTAssertTrue(store.entries.allSatisfy(\.links.isEmpty), "no anchor: one chain")
        XCTAssertEqual(store.entries[1].previous, store.entries[0].hash)
        // A registry copied in is anchored at its copied head.
        store.provinceAnchor = ChainHead(entries: 2, hash: store.entries[1].hash)
        let copied = try ChainDatabase(store: store, today: today)
        try copied.change { _ = try $0.enrol(Self.child("张一", district: "410303", seq: 11), at: Self.primary.code, grade: 1,
                                             on: Day(year: 2023, month: 9, day: 1)!) }
        XCTAssertEqual(store.entries[2].links, [ProvinceLink(province: 41, previous: store.entries[1].hash)])
        let report = copied.verify()
        XCTAssertTrue(report.ok, "\(report)")
        XCTAssertEqual(report.provinceChains, VerifyReport.ProvinceChains(anchor: 2, entries: [(41, 1)]))

        // An anchor that is not the entry it names breaks the first link after it.
        store.provinceAnchor = ChainHead(entries: 2, hash: store.entries[0].hash)
        XCTAssertThrowsError(try ChainDatabase(store: store, today: today)) { error in
            XCTAssertEqual((error as? StorageError)?.id, .brokenChain)
        }
    }

    func testVerifyFindsAnEntryLinkedToOtherProvincesThanItIsAbout() throws {
        let store = MemoryChainStore(anchor: ChainHead(entries: 0, hash: JournalChain.genesis))
        // The forger drops 41 from the transfer's links, keeping the chain's hashes consistent.
        store.forge = { [unowned store] e in
            guard e.links.count == 2 else { return e }
            var cursor = ChainCursor(anchor: store.provinceAnchor)
            for x in store.entries { cursor.advance(past: x) }
            let links = cursor.links(for: [42])!
            let previous = ProvinceLink.joined(links)
            return ChainedEntry(sequence: e.sequence, previous: previous, payload: e.payload,
                                hash: JournalChain.hash(payload: e.payload, sequence: e.sequence, previous: previous), links: links)
        }
        _ = try fill(try ChainDatabase(store: store, today: today))
        let reader = try ChainDatabase(store: store, today: today)
        let report = reader.verify()
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.problemIDs.first, .entryProblem(entry: "#5 (2024-03-01, transfer)", byte: 0,
                                                              problem: .provinceLinksDiffer(linked: [42], touched: [41, 42])))
    }

    func testALinkThatSkipsAProvincesEntryIsABrokenChain() throws {
        let store = MemoryChainStore(anchor: ChainHead(entries: 0, hash: JournalChain.genesis))
        _ = try fill(try ChainDatabase(store: store, today: today))
        // 41's second entry (the first enrolment) linked to the anchor rather than to 41's first.
        var e = store.entries[2]
        e.links = [ProvinceLink(province: 41, previous: JournalChain.genesis)]
        e.previous = ProvinceLink.joined(e.links)
        e.hash = JournalChain.hash(payload: e.payload, sequence: e.sequence, previous: e.previous)
        store.entries[2] = e
        XCTAssertThrowsError(try ChainDatabase(store: store, today: today)) { error in
            XCTAssertEqual((error as? StorageError)?.id, .brokenProvinceChain(province: 41))
        }
        // Nor may an entry after the anchor go unlinked.
        var cursor = ChainCursor(anchor: ChainHead(entries: 0, hash: JournalChain.genesis))
        var unlinked = store.entries[0]
        unlinked.links = []
        XCTAssertEqual(cursor.problem(with: unlinked), .brokenChain)
        cursor.advance(past: store.entries[0])
        XCTAssertEqual(cursor.heads, [41: store.entries[0].hash])
    }

    func testTheMessagesNameTheProvinceOrTheNationalChainInBothLanguages() {
        XCTAssertEqual(StorageMessage.brokenProvinceChain(province: 41).english,
                       "it does not follow province 41's entry before it (broken hash chain): an entry was altered, removed or inserted")
        XCTAssertEqual(StorageMessage.brokenProvinceChain(province: 0).chinese,
                       "它与全国链上的前一个条目衔接不上（哈希链断裂）：有条目被改动、删除或插入")
        XCTAssertEqual(StorageMessage.brokenProvinceChain(province: 42).chinese,
                       "它与省份 42 链上的前一个条目衔接不上（哈希链断裂）：有条目被改动、删除或插入")
        XCTAssertEqual(StorageMessage.provinceLinksDiffer(linked: [42], touched: [41, 42]).chinese,
                       "它接在省份 42 的链上，但其改动涉及的是 41、42")
        XCTAssertEqual(StorageMessage.provinceLinksDiffer(linked: [0], touched: [41]).english,
                       "it is linked to the chains of provinces 0 (national), but its changes are about 41")
        XCTAssertEqual(StorageMessage.signedEntryNotRelinked(sequence: 7).english,
                       "entry #7 is signed: its links to the chains by province cannot be made one chain (copying a server's registry back is for open registries)")
    }

    func testAServersChainsCopiedBackIntoADirectoryAreOneChainThere() throws {
        let store = MemoryChainStore(anchor: ChainHead(entries: 0, hash: JournalChain.genesis))
        let server = try ChainDatabase(store: store, today: today)
        let moved = try fill(server)
        let disk = try open()
        try disk.appendCopied(try server.chainedEntries())
        XCTAssertEqual(disk.chainHead.entries, 5)
        XCTAssertNotEqual(disk.chainHead, server.chainHead, "linked again: another head")
        disk.close()
        let reopened = try open()
        defer { reopened.close() }
        XCTAssertTrue(reopened.verify().ok, "\(reopened.verify())")
        XCTAssertEqual(try reopened.registry.student(moved).schoolIndex, reopened.registry.schoolIndex(Self.wuhan.code))
        XCTAssertNil(reopened.verify().provinceChains, "a directory keeps one chain")
    }
}
