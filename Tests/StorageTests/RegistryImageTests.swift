import Crypto
import XCTest
@testable import Registry

/// Issue 12, items 1–3: the snapshot is the store's own image, mapped and read in place; every
/// section is under the chunk hashes the checkpoint entry covers; changes after the open live
/// over the mapping until the next checkpoint writes a new image.
final class RegistryImageTests: StorageTestCase {
    static let longName = "阿卜杜热合曼·买买提江"          // 31 bytes: longer than a row holds inline

    /// A registry with something in every section, checkpointed.
    private func populatedImage() throws -> Registry {
        let store = try open()
        try populate(store, students: 30)
        let s2 = store.registry.student(store.registry.allStudents[3]).number
        try store.change { try $0.correct(s2, set: [(.name, .text(Self.longName))], reason: "户口本为准", on: Day(year: 2024, month: 8, day: 25)!) }
        try store.checkpoint()
        let truth = Registry(today: today); truth.adopt(store.registry)
        store.close()
        return truth
    }

    private func header(_ bytes: [UInt8]) throws -> Snapshot.Header {
        try bytes.withUnsafeBytes { try Snapshot.parseHeader($0, fileSize: bytes.count) }
    }

    func testEverySectionIsPresentAndTheImageIsReadInPlace() throws {
        let truth = try populatedImage()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let h = try header(bytes)
        XCTAssertEqual(Set(h.sections.map(\.kind)), Set(Snapshot.Section.allCases.map(\.rawValue)))
        for s in h.sections where s.kind != Snapshot.Section.temporarySequence.rawValue {
            XCTAssertGreaterThan(s.length, 0, "section \(s.kind) holds something in this registry")
            XCTAssertEqual((h.headerLength + Int(s.offset)) % Snapshot.page, 0, "section \(s.kind) starts on a page")
        }
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.eventsAfterSnapshot, 0)
        XCTAssertEqual(again.registry.rows.baseCount, truth.studentCount, "the rows are the image's, not copies")
        XCTAssertEqual(again.registry.events.baseCount, truth.eventCount)
        XCTAssertNil(truth.firstDifference(from: again.registry))
        XCTAssertTrue(again.registry.allStudents.contains { again.registry.student($0).name == Self.longName })
        XCTAssertEqual(again.registry.checkIndexes(), [])
    }

    func testAFlippedByteInEachSectionIsCaughtAndTheRegistryOpensFromTheJournal() throws {
        let truth = try populatedImage()
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let h = try header(original)
        for s in h.sections where s.length > 0 {
            let name = Snapshot.Section(rawValue: s.kind)!.name
            var bytes = original
            bytes[h.headerLength + Int(s.offset) + Int(s.length) / 2] ^= 0x20
            try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
            let ro = try open(readOnly: true)
            XCTAssertTrue(ro.warnings.joined().contains("(its \(name)) do not match their hash"), "\(name): \(ro.warnings)")
            XCTAssertNil(truth.firstDifference(from: ro.registry), "\(name): the answer comes from the journal")
            XCTAssertFalse(ro.verify().ok, "\(name): verify names the damaged snapshot")
            ro.close()
        }
        // A flipped byte in the header (a chunk hash): the header no longer is the one the
        // checkpoint entry recorded.
        var bytes = original
        bytes[Snapshot.fixedHeaderSize + h.sections.count * Snapshot.sectionEntrySize + 5] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        let rw = try open()
        XCTAssertTrue(rw.warnings.joined().contains("set aside as"), rw.warnings.joined())
        XCTAssertNil(truth.firstDifference(from: rw.registry))
        rw.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [], "the read-write open wrote a new image")
        XCTAssertEqual(again.eventsAfterSnapshot, 0)
        XCTAssertNil(truth.firstDifference(from: again.registry))
    }

    func testChangesOverTheMappedImageNeverReachTheFileAndTheNextCheckpointKeepsThem() throws {
        _ = try populatedImage()
        let image = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let store = try open()
        let reg = store.registry
        let all = reg.allStudents
        // A change to mapped rows and mapped buckets, a new student, an undone transaction.
        _ = try store.change { try $0.promote(all.filter { reg.student($0).status == .active }, on: Day(year: 2025, month: 7, day: 1)!) }
        try store.change { try $0.correct(reg.student(all[5]).number, set: [(.name, .text("改名后的一个很长的名字啊"))], reason: "更正", on: Day(year: 2025, month: 7, day: 2)!) }
        try store.change { try $0.enrol(NewStudent(name: "新生", gender: .female, birth: Day(year: 2017, month: 3, day: 3)!,
                                                    idCard: Self.idCard(birth: Day(year: 2017, month: 3, day: 3)!, seq: 998),
                                                    ethnicity: "满族", hukou: DistrictCode("410303")),
                                       at: Self.primary.code, grade: 2, on: Day(year: 2025, month: 7, day: 3)!) }
        try store.begin()
        try store.change { try $0.withdraw(reg.student(all[6]).number, reason: "搬家", on: Day(year: 2025, month: 7, day: 4)!) }
        try store.rollback()
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath))), image, "the mapping is private")
        XCTAssertEqual(reg.checkIndexes(), [])
        let truth = Registry(today: today); truth.adopt(reg)
        XCTAssertEqual(truth.find(idCard: IDCardNumber(Self.idCard(birth: Day(year: 2017, month: 3, day: 3)!, seq: 998))!).map { truth.student($0).name }, "新生")
        try store.checkpoint()
        store.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.eventsAfterSnapshot, 0)
        XCTAssertNil(truth.firstDifference(from: again.registry))
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }
}
