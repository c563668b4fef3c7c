import Crypto
import XCTest
@testable import Registry

/// Issue 12, item 2: the hash chain covers the snapshot (each checkpoint appends an entry with
/// the snapshot's hash), so a damaged, forged or unrecorded snapshot never reaches an answer;
/// opening checks the tail it replays, and re-hashing the whole chain is `verify`'s work.
final class SnapshotTrustTests: StorageTestCase {
    /// Edits the image's sections and, as a forger would, recomputes every chunk hash and the
    /// header that holds them: only the root hash in the journal's checkpoint entry differs.
    private func rewriteSnapshot(_ edit: (inout [UInt8]) -> Void) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let header = try bytes.withUnsafeBytes { try Snapshot.parseHeader($0, fileSize: bytes.count) }
        var data = Array(bytes[header.headerLength...])
        edit(&data)
        let hashes = header.chunks().map { c in
            Array(SHA256.hash(data: data[(c.offset - header.headerLength)..<(c.offset - header.headerLength + c.length)]))
        }
        let head = Snapshot.encodeHeader(header.snapshot, sections: header.sections, dataLength: data.count, chunkHashes: hashes)
        try Data(head + data).write(to: URL(fileURLWithPath: snapshotPath))
    }

    /// The image's root hash: the SHA-256 of its header.
    private func rootHash(_ snap: [UInt8]) throws -> [UInt8] {
        let header = try snap.withUnsafeBytes { try Snapshot.parseHeader($0, fileSize: snap.count) }
        return Array(SHA256.hash(data: snap[..<header.headerLength]))
    }

    func testACheckpointAppendsAnEntryRecordingTheSnapshotsHash() throws {
        let store = try open()
        try populate(store, students: 4)
        let before = store.journalEntries
        try store.checkpoint()
        XCTAssertEqual(store.journalEntries, before + 1, "one checkpoint entry")
        store.close()
        let snap = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let offsets = try entryOffsets()
        let journal = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: journal.withUnsafeBytes { $0 }[(offsets.last! + 48)..<(journal.count - 32)]))
        let entry = try JournalEntry.decode(&r)
        XCTAssertEqual(entry.label, "checkpoint")
        XCTAssertEqual(entry.checkpoint, .init(coveredEntries: UInt64(before), snapshotHash: try rootHash(snap)))
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.eventsAfterSnapshot, 0)
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }

    func testAForgedSnapshotWithARecomputedHashIsNeverServed() throws {
        let store = try open()
        try populate(store, students: 6)
        try store.checkpoint()
        let truth = Registry(today: today); truth.adopt(store.registry)
        store.close()
        // Rename 学生3 to 学生9 inside the image and recompute its checksum.
        try rewriteSnapshot { body in
            let from = Array("学生3".utf8), to = Array("学生9".utf8)
            let at = (0...(body.count - from.count)).first { Array(body[$0..<($0 + from.count)]) == from }!
            body.replaceSubrange(at..<(at + from.count), with: to)
        }
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.warnings.map(\.english).joined().contains("not the ones its checkpoint (journal entry #"), ro.warnings.map(\.english).joined())
        XCTAssertNil(truth.firstDifference(from: ro.registry), "the answer comes from the journal, not the forgery")
        XCTAssertFalse(ro.verify().ok, "verify names the forged snapshot")
        ro.close()
        let rw = try open()
        XCTAssertNil(truth.firstDifference(from: rw.registry))
        rw.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [], "a read-write open wrote a new, recorded snapshot")
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }

    func testASnapshotNoEntryRecordsIsRebuiltFromTheJournalOnce() throws {
        // As an earlier xueji left it: a snapshot at the end of the journal, no checkpoint entry.
        let store = try open()
        try populate(store, students: 5)
        let truth = Registry(today: today); truth.adopt(store.registry)
        _ = try Snapshot(journalEnd: store.journalEnd, entryCount: store.entryCount, head: store.head)
            .write(store.registry, to: PosixFile(snapshotPath, flags: O_WRONLY | O_CREAT | O_TRUNC))
        store.close()
        let rw = try open()
        XCTAssertEqual(rw.warnings.count, 1)
        XCTAssertTrue(rw.warnings[0].english.contains("no journal entry follows it to record it"), rw.warnings[0].english)
        XCTAssertNil(truth.firstDifference(from: rw.registry))
        rw.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.eventsAfterSnapshot, 0, "the snapshot written at the first open is used")
        XCTAssertNil(truth.firstDifference(from: again.registry))
    }

    func testACrashInTheMiddleOfACheckpointLosesNothing() throws {
        let store = try open()
        try populate(store, students: 5)
        try store.checkpoint()
        try store.change { try $0.record($0.student($0.allStudents[0]).number, .award, "三好学生", on: Day(year: 2024, month: 8, day: 30)!) }
        let truth = Registry(today: today); truth.adopt(store.registry)
        // The checkpoint entry is written, the rename never happens (a crash there).
        PosixFile.inject = { path, op in op == .rename && path.hasSuffix("/snapshot.xjs") ? EIO : nil }
        XCTAssertThrowsError(try store.checkpoint())
        PosixFile.inject = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath + ".tmp"))
        store.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [], "the old snapshot is still vouched for by its own entry")
        XCTAssertNil(truth.firstDifference(from: again.registry))
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }

    func testOpenChecksTheTailItReplaysAndVerifyTheWholeChain() throws {
        let store = try open()
        try populate(store, students: 6)
        try store.checkpoint()
        try store.change { try $0.record($0.student($0.allStudents[0]).number, .award, "三好学生", on: Day(year: 2024, month: 8, day: 30)!) }
        store.close()
        let offsets = try entryOffsets()
        // Damage in the tail after the snapshot: refused at open.
        var journal = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        let original = journal
        journal[offsets.last! + 60] ^= 1
        try Data(journal).write(to: URL(fileURLWithPath: journalPath))
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today)) {
            XCTAssertEqual(($0 as? StorageError)?.kind, .damaged)
        }
        // Damage inside the history the snapshot covers: the snapshot answers, verify finds it.
        journal = original
        journal[offsets[3] + 60] ^= 1
        try Data(journal).write(to: URL(fileURLWithPath: journalPath))
        let reopened = try open()
        let report = reopened.verify()
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.firstBad?.sequence, 4)
        var whole = StoreOptions(); whole.checkWholeChainOnOpen = true
        reopened.close()
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today, options: whole), "the option still re-hashes everything at open")
    }
}

/// A registry written by the build before issue 12 (commit 9903591): its snapshot has no
/// checkpoint entry. It opens, its snapshot is rebuilt with a warning, and nothing is lost.
final class VersionOneRegistryTests: StorageTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/v1-registry")

    override func setUp() {
        super.setUp()
        XCTAssertNoThrow(try FileManager.default.copyItem(atPath: Self.fixture.path, toPath: dir))
    }

    func check(_ reg: Registry, file: StaticString = #filePath, line: UInt = #line) {
        let rows = reg.allStudents.map { reg.student($0) }.map { "\($0.number) \($0.name) \($0.grade) \($0.status.rawValue)" }
        XCTAssertEqual(rows, ["G410303200703150012 张一凡 2 active", "G410303200705050226 李思思 2 withdrawn",
                              "L410303200801200001 王小明 1 active"], file: file, line: line)
        XCTAssertEqual(reg.eventCount, 7, file: file, line: line)
    }

    func testAVersionOneRegistryOpensReadOnly() throws {
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.warnings.map(\.english).joined().contains("it has snapshot format version 1, this xueji reads version 2"), ro.warnings.map(\.english).joined())
        check(ro.registry)
        let report = ro.verify()
        XCTAssertTrue(report.ok, report.description)
        XCTAssertTrue(report.notes.joined().contains("snapshot not checked: it has snapshot format version 1"), report.description)
    }

    func testAVersionOneRegistryOpensReadWriteAndIsRecheckpointedOnce() throws {
        let rw = try open()
        XCTAssertEqual(rw.warnings.count, 1, rw.warnings.map(\.english).joined())
        check(rw.registry)
        XCTAssertThrowsError(try rw.change { try $0.resume(RegistryNumber("G410303200705050226")!, on: Day(year: 2016, month: 9, day: 1)!) })
        try rw.change { try $0.record(RegistryNumber("G410303200703150012")!, .activity, "合唱团", on: Day(year: 2016, month: 9, day: 1)!) }
        rw.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.registry.eventCount, 8, "the record is kept; the refused resume (R13) changed nothing")
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }
}
