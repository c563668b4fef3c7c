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

    /// Answers that read each part of the image (`ImageParts`), through the public API.
    private func answers(_ r: Registry) -> [String] {
        let ids = r.allStudents
        let someone = r.student(ids[7])
        return [
            ids.map { "\(r.student($0))" }.joined(separator: "|"),                      // rows, long names
            ids.map { r.history(of: $0).map { "\($0)" }.joined(separator: ",") }.joined(separator: "|"),   // history
            "\(r.find(idCard: someone.idCard!).map { r.student($0).number.description } ?? "-")",            // ID table
            "\(r.find(someone.number).map { $0.index } ?? -1)",
            r.lookup(.school(Self.primary.code, grade: 2)).map { "\($0.index)" }.joined(separator: ","),   // buckets
            r.lookup(.hukou(DistrictCode("410303")!)).map { "\($0.index)" }.joined(separator: ","),
            r.lookup(.namePrefix("学生1")).map { "\($0.index)" }.joined(separator: ","),                    // sorted keys
            r.lookup(.birth(from: Day(year: 2016, month: 3, day: 1)!, through: Day(year: 2016, month: 6, day: 1)!)).map { "\($0.index)" }.joined(separator: ","),
            r.likelyDuplicateGroups().description, r.sameIDUnderTwoNumbers().map { "\($0.0)" }.joined(),
        ]
    }

    func testAFlippedByteInEachSectionIsCaughtBeforeAnyAnswerUsesIt() throws {
        let truth = try populatedImage()
        let expected = answers(truth)
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let h = try header(original)
        for s in h.sections where s.length > 0 {
            let name = Snapshot.Section(rawValue: s.kind)!.name
            var bytes = original
            bytes[h.headerLength + Int(s.offset) + Int(s.length) / 2] ^= 0x20
            try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
            let ro = try open(readOnly: true)
            XCTAssertEqual(ro.registry.studentCount, truth.studentCount, "\(name): counting reads no part")
            XCTAssertEqual(answers(ro.registry), expected, "\(name): every answer comes from intact data")
            XCTAssertTrue(ro.warnings.map(\.english).joined().contains("(its \(name)) do not match their hash")
                          || ro.warnings.map(\.english).joined().contains("its \(name) section is"), "\(name): \(ro.warnings)")
            XCTAssertTrue(ro.warnings.map(\.english).joined().contains("rebuilt from the journal") || ro.warnings.map(\.english).joined().contains("read the journal alone"),
                          "\(name): \(ro.warnings)")
            XCTAssertNil(truth.firstDifference(from: ro.registry), "\(name)")
            XCTAssertFalse(ro.verify().ok, "\(name): verify names the damaged snapshot")
            ro.close()
        }
        // Read-write: a part found damaged after the open is set aside, the registry rebuilt from
        // the journal, and a new image written; the next open uses it and says nothing.
        let events = h.sections.first { $0.kind == Snapshot.Section.events.rawValue }!
        var bytes = original
        bytes[h.headerLength + Int(events.offset) + 3] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        let rw = try open()
        XCTAssertEqual(rw.warnings, [], "the events are not read by the open")
        XCTAssertFalse(rw.registry.uncheckedImage.isEmpty)
        XCTAssertEqual(answers(rw.registry), expected)
        XCTAssertTrue(rw.warnings.map(\.english).joined().contains("(its events) do not match their hash); set aside as"), rw.warnings.map(\.english).joined())
        rw.close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath + ".damaged"))
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.eventsAfterSnapshot, 0)
        XCTAssertEqual(answers(again.registry), expected)
        XCTAssertEqual(again.warnings, [])
    }

    func testAFlippedByteInTheHeaderIsCaughtAtOpen() throws {
        let truth = try populatedImage()
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let h = try header(original)
        // A byte no chunk covers (the reserved word): the header is no longer the one the
        // checkpoint entry recorded. A chunk hash: that chunk no longer matches.
        for (at, expected) in [(90, "not the ones its checkpoint"),
                               (Snapshot.fixedHeaderSize + h.sections.count * Snapshot.sectionEntrySize + 5, "(its schools) do not match their hash")] {
            var bytes = original
            bytes[at] ^= 1
            try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
            let rw = try open()
            XCTAssertTrue(rw.warnings.map(\.english).joined().contains(expected), rw.warnings.map(\.english).joined())
            XCTAssertNil(truth.firstDifference(from: rw.registry))
            rw.close()
            let again = try open()
            XCTAssertEqual(again.warnings, [], "the read-write open wrote a new image")
            XCTAssertEqual(again.eventsAfterSnapshot, 0)
            XCTAssertNil(truth.firstDifference(from: again.registry))
            again.close()
            try Data(original).write(to: URL(fileURLWithPath: snapshotPath))
        }
    }

    func testChangesAfterTheOpenCheckTheWholeImageFirst() throws {
        _ = try populatedImage()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        let h = try header(bytes)
        let names = h.sections.first { $0.kind == Snapshot.Section.nameKeys.rawValue }!
        bytes[h.headerLength + Int(names.offset) + 1] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: snapshotPath))
        let rw = try open()
        XCTAssertEqual(rw.warnings, [])
        let s = rw.registry.student(rw.registry.allStudents[0]).number
        try rw.change { try $0.record(s, .award, "三好学生", on: Day(year: 2024, month: 9, day: 1)!) }
        XCTAssertTrue(rw.warnings.map(\.english).joined().contains("(its name index) do not match their hash"), rw.warnings.map(\.english).joined())
        XCTAssertTrue(rw.registry.uncheckedImage.isEmpty)
        XCTAssertTrue(rw.verify().ok, rw.verify().description)
        rw.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertTrue(again.verify().ok)
    }

    func testChangesOverTheMappedImageNeverReachTheFileAndTheNextCheckpointKeepsThem() throws {
        _ = try populatedImage()
        let image = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        today = Day(year: 2025, month: 9, day: 1)!          // the changes below are dated in 2025
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
        _ = try store.rollback()
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
