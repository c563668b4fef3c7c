import Crypto
import XCTest
@testable import Registry

/// Issue 13, items 1 and 4 (engine): actors and keys, and every journal entry of a governed
/// registry signed by its actor (R18 for who may add and revoke actors, R22 for signatures).
final class ActorSignatureTests: StorageTestCase {
    let nationalKey = SigningKey(), provinceKey = SigningKey(), countyKey = SigningKey(), schoolKey = SigningKey()
    let national = ActorName("national")!, province = ActorName("province:41")!
    let county = ActorName("county:410303")!, school = ActorName("school:4103030001")!

    /// An open registry with schools and pupils, then governed by `national`, which adds the
    /// province, the province the county, the county its school.
    private func governed() throws -> DiskDatabase {
        let db = try open()
        try populate(db, students: 6)
        db.signer = (national, nationalKey)
        try db.change { try $0.addActor(self.national, title: "教育部", key: self.nationalKey.publicKey, by: nil, presenting: self.nationalKey.publicKey) }
        try db.change { try $0.addActor(self.province, title: "河南省教育厅", key: self.provinceKey.publicKey, by: self.national, presenting: nil) }
        db.signer = (province, provinceKey)
        try db.change { try $0.addActor(self.county, title: "洛阳市西工区教育局", key: self.countyKey.publicKey, by: self.province, presenting: nil) }
        db.signer = (county, countyKey)
        try db.change { try $0.addActor(self.school, title: "洛阳市西工区第一小学", key: self.schoolKey.publicKey, by: self.county, presenting: nil) }
        return db
    }

    func testActorNamesAndScopes() {
        XCTAssertEqual(ActorName("county:410303")?.description, "county:410303")
        for bad in ["county:41030", "school:410303000", "nation", "city:41a3", "province:", ":41"] { XCTAssertNil(ActorName(bad), bad) }
        XCTAssertTrue(national.covers(school))
        XCTAssertTrue(province.covers(county))
        XCTAssertTrue(ActorName("city:4103")!.covers(school))
        XCTAssertFalse(ActorName("county:410305")!.covers(school))
        XCTAssertFalse(school.covers(county))
        XCTAssertEqual([school, county, national, province].sorted(), [national, province, county, school])
        let k = SigningKey()
        XCTAssertEqual(SigningKey(fileText: k.fileText)?.publicKey, k.publicKey)
        XCTAssertEqual(ActorKey(k.publicKey.description), k.publicKey)
        XCTAssertNil(ActorKey("ed25519:AAAA"))
    }

    func testTheFirstActorIsNationalOrAProvincePresentingItsOwnKey() throws {
        let db = try open()
        try populate(db, students: 4)
        XCTAssertThrowsError(try db.change { try $0.addActor(self.county, title: "县", key: self.countyKey.publicKey, by: nil, presenting: self.countyKey.publicKey) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r18)
        }
        XCTAssertThrowsError(try db.change { try $0.addActor(self.national, title: "教育部", key: self.nationalKey.publicKey, by: nil, presenting: self.provinceKey.publicKey) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r22)
        }
        XCTAssertFalse(db.registry.isGoverned, "refusals change nothing")
        // Without the key to sign with, the entry cannot be written: undone.
        XCTAssertThrowsError(try db.change { try $0.addActor(self.national, title: "教育部", key: self.nationalKey.publicKey, by: nil, presenting: self.nationalKey.publicKey) })
        XCTAssertFalse(db.registry.isGoverned)
    }

    func testAGovernedRegistrySignsEveryEntryAndReopens() throws {
        let db = try governed()
        XCTAssertEqual(db.registry.registeredActors.map(\.name), [national, province, county, school])
        let s = db.registry.student(db.registry.allStudents[0]).number
        db.signer = (school, schoolKey)
        try db.change { try $0.record(s, .award, "三好学生", on: Day(year: 2024, month: 8, day: 30)!) }
        db.signer = nil
        XCTAssertThrowsError(try db.change { try $0.record(s, .award, "优秀", on: Day(year: 2024, month: 8, day: 31)!) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r22)
        }
        db.signer = (county, schoolKey)                  // a key that is not the actor's
        XCTAssertThrowsError(try db.change { try $0.record(s, .award, "优秀", on: Day(year: 2024, month: 8, day: 31)!) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r22)
        }
        XCTAssertTrue(db.verify().ok, db.verify().description)
        db.signer = (county, countyKey)
        try db.checkpoint()
        db.close()
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        XCTAssertEqual(again.registry.registeredActors.count, 4, "the actors are in the image")
        XCTAssertTrue(again.verify().ok, again.verify().description)
        again.close()
        // Without the snapshot, the actors come from the journal.
        try FileManager.default.removeItem(atPath: snapshotPath)
        let replayed = try open(readOnly: true)
        XCTAssertEqual(replayed.registry.registeredActors.map(\.name), [national, province, county, school])
    }

    func testWhoMayAddAndRevokeActors() throws {
        let db = try governed()
        db.signer = (county, countyKey)
        XCTAssertThrowsError(try db.change { try $0.addActor(ActorName("county:410305")!, title: "涧西区", key: SigningKey().publicKey, by: self.county, presenting: nil) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r18)
        }
        XCTAssertThrowsError(try db.change { try $0.revokeActor(self.province, reason: "x", by: self.county) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r18)
        }
        XCTAssertThrowsError(try db.change { try $0.addActor(ActorName("school:4103039999")!, title: "无此校", key: SigningKey().publicKey, by: self.county, presenting: nil) })
        // Key rotation: the actor above adds the county again with a new key.
        let newCountyKey = SigningKey()
        db.signer = (province, provinceKey)
        try db.change { try $0.addActor(self.county, title: "洛阳市西工区教育局", key: newCountyKey.publicKey, by: self.province, presenting: nil) }
        db.signer = (county, countyKey)
        XCTAssertThrowsError(try db.change { try $0.record(db.registry.student(db.registry.allStudents[0]).number, .award, "x", on: Day(year: 2024, month: 8, day: 30)!) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r22, "the old key signs nothing")
        }
        db.signer = (county, newCountyKey)
        try db.change { try $0.revokeActor(self.school, reason: "钥匙丢失", by: self.county) }
        XCTAssertTrue(db.registry.actor(school)!.isRevoked)
        db.signer = (school, schoolKey)
        XCTAssertThrowsError(try db.change { try $0.record(db.registry.student(db.registry.allStudents[0]).number, .award, "x", on: Day(year: 2024, month: 8, day: 30)!) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r22, "a revoked actor signs nothing")
        }
        // The last national or provincial actor stays.
        db.signer = (national, nationalKey)
        try db.change { try $0.revokeActor(self.province, reason: "机构调整", by: self.national) }
        XCTAssertThrowsError(try db.change { try $0.revokeActor(self.national, reason: "x", by: self.national) }) {
            XCTAssertEqual(($0 as? RegistryError)?.rule, .r18, "the last top-level actor stays")
        }
        XCTAssertTrue(db.verify().ok, db.verify().description)
    }

    /// Re-signs nothing: flips a byte of the last entry's signature and recomputes its checksum,
    /// as someone editing the file would, so only the signature is wrong.
    private func forgeLastSignature() throws {
        var b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        let last = try entryOffsets().last!
        let end = b.count - 32
        b[end - 10] ^= 1                                   // inside the 64 signature bytes
        b.replaceSubrange(end..., with: Array(SHA256.hash(data: b[last..<end])))
        try Data(b).write(to: URL(fileURLWithPath: journalPath))
        try HeadFile.write(ChainHead(entries: UInt64(try entryOffsets().count), hash: Array(b[end...])), directory: dir)
    }

    func testAForgedSignatureIsNamedByVerifyAndRefusesAReadWriteOpen() throws {
        let db = try governed()
        try db.checkpoint()
        let s = db.registry.student(db.registry.allStudents[1]).number
        db.signer = (school, schoolKey)
        try db.change { try $0.record(s, .award, "三好学生", on: Day(year: 2024, month: 8, day: 30)!) }
        db.close()
        try forgeLastSignature()
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today)) {
            let e = $0 as! StorageError
            XCTAssertEqual(e.kind, .damaged)
            XCTAssertTrue(e.message.contains("[R22] its signature by school:4103030001 does not match its contents"), e.message)
        }
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.foundDamage)
        let report = ro.verify()
        XCTAssertFalse(report.ok)
        XCTAssertTrue(report.description.contains("[R22] its signature by school:4103030001 does not match"), report.description)
    }
}
