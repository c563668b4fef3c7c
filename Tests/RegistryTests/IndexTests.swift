import Foundation
import XCTest
@testable import Registry

/// Index lookups and estimates, and that they follow every change and every rollback.
final class IndexTests: XCTestCase {
    struct Pop {
        let fx: Fixture
        var n: [String: RegistryNumber] = [:]
        var r: Registry { fx.registry }
        func id(_ name: String) -> StudentID { fx.id(n[name]!) }
        func ids(_ names: String...) -> [StudentID] { names.map(id).sorted() }
        func names(_ ids: [StudentID]) -> Set<String> { Set(ids.map { r.student($0).name }) }
    }

    func population() -> Pop {
        let fx = Fixture()
        var pop = Pop(fx: fx)
        func add(_ name: String, _ g: Gender, _ born: String, _ school: SchoolCode, _ grade: Int, hukou: DistrictCode?,
                 serial: Int, withID: Bool = true) {
            pop.n[name] = fx.enrol(fx.person(name, g, born: born, serial: serial, hukou: hukou, withID: withID), at: school, grade: grade)
        }
        add("王小明", .male, "2019-03-15", SchoolFx.xigongPrimary1, 1, hukou: District.xigong, serial: 1)
        add("王芳", .female, "2019-05-01", SchoolFx.xigongPrimary1, 1, hukou: District.laocheng, serial: 2)
        add("李雷", .male, "2017-03-15", SchoolFx.xigongPrimary1, 3, hukou: District.xigong, serial: 3)
        add("韩梅梅", .female, "2017-06-01", SchoolFx.xigongPrimary2, 3, hukou: District.jianxi, serial: 4)
        add("王五", .male, "2013-03-15", SchoolFx.xigongJunior1, 7, hukou: District.xigong, serial: 5)
        add("汪洋", .male, "2013-04-15", SchoolFx.jianxiJunior1, 7, hukou: District.jianxi, serial: 6)
        add("玉兰", .female, "2013-05-15", SchoolFx.jianxiJunior1, 7, hukou: District.jianxi, serial: 7)
        add("欧阳娜娜", .female, "2010-01-01", SchoolFx.luoyangNo2High, 10, hukou: District.jinshui, serial: 8)
        add("无证", .male, "2019-03-15", SchoolFx.xigongPrimary1, 1, hukou: nil, serial: 9, withID: false)
        return pop
    }

    func assertAllLookups(_ p: Pop, line: UInt = #line) {
        let r = p.r
        for name in p.n.keys {
            let n = p.n[name]!
            XCTAssertEqual(r.lookup(.number(n)), [p.id(name)], line: line)
            XCTAssertEqual(r.estimate(.number(n)), 1, line: line)
            if let c = r.student(p.id(name)).idCard {
                XCTAssertEqual(r.lookup(.idCard(c)), [p.id(name)], line: line)
                XCTAssertEqual(r.find(idCard: c), p.id(name), line: line)
                XCTAssertEqual(r.estimate(.idCard(c)), 1, line: line)
            }
        }
    }

    func testPointLookups() {
        let p = population()
        assertAllLookups(p)
        let ghost = RegistryNumber(idCard: IDCardNumber(idNumber("410303", "20190315", order: 99))!)
        XCTAssertEqual(p.r.lookup(.number(ghost)), [])
        XCTAssertEqual(p.r.estimate(.number(ghost)), 0)
        XCTAssertEqual(p.r.lookup(.idCard(ghost.idCard!)), [])
        XCTAssertNil(p.r.find(ghost))
        XCTAssertEqual(p.r.lookup(.number(p.n["无证"]!)), [p.id("无证")])
    }

    func testSchoolGradeDistrictAndHukouLookups() {
        let p = population()
        let r = p.r
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: nil)), p.ids("王小明", "王芳", "李雷", "无证"))
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 1)), p.ids("王小明", "王芳", "无证"))
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 3)), p.ids("李雷"))
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 2)), [])
        XCTAssertEqual(r.lookup(.school(SchoolCode("4103039999")!, grade: nil)), [])
        XCTAssertEqual(r.estimate(.school(SchoolFx.xigongPrimary1, grade: nil)), 4)
        XCTAssertEqual(r.estimate(.school(SchoolFx.xigongPrimary1, grade: 1)), 3)
        XCTAssertEqual(r.estimate(.school(SchoolCode("4103039999")!, grade: 1)), 0)
        XCTAssertEqual(r.lookup(.schoolDistrict(District.xigong)), p.ids("王小明", "王芳", "李雷", "韩梅梅", "王五", "无证"))
        XCTAssertEqual(r.lookup(.schoolDistrict(District.jianxi)), p.ids("汪洋", "玉兰", "欧阳娜娜"))
        XCTAssertEqual(r.lookup(.schoolDistrict(District.laocheng)), [])
        XCTAssertEqual(r.estimate(.schoolDistrict(District.xigong)), 6)
        XCTAssertEqual(r.lookup(.hukou(District.xigong)), p.ids("王小明", "李雷", "王五"))
        XCTAssertEqual(r.lookup(.hukou(District.jianxi)), p.ids("韩梅梅", "汪洋", "玉兰"))
        XCTAssertEqual(r.lookup(.hukou(District.jinshui)), p.ids("欧阳娜娜"))
        XCTAssertEqual(r.estimate(.hukou(District.jianxi)), 3)
        XCTAssertEqual(r.estimate(.hukou(DistrictCode("410104")!)), 0)
    }

    func testNamePrefixAndBirthRangeBeforeAndAfterRebuild() {
        let p = population()
        let r = p.r
        for pass in 0..<2 {
            if pass == 1 { r.rebuildSortedIndexes() }
            // 王 (E7 8E 8B) must not match 汪 or 玉 (玉 shares the first two UTF-8 bytes).
            XCTAssertEqual(p.names(r.lookup(.namePrefix("王"))), ["王小明", "王芳", "王五"], "pass \(pass)")
            XCTAssertEqual(p.names(r.lookup(.namePrefix("王小"))), ["王小明"])
            XCTAssertEqual(p.names(r.lookup(.namePrefix("王小明"))), ["王小明"])
            XCTAssertEqual(r.lookup(.namePrefix("赵")), [])
            // Longer than 8 UTF-8 bytes: a superset the caller re-checks; never a miss.
            let long = r.lookup(.namePrefix("欧阳娜娜"))
            XCTAssertTrue(long.contains(p.id("欧阳娜娜")))
            XCTAssertEqual(long.filter { r.student($0).name.hasPrefix("欧阳娜娜") }, [p.id("欧阳娜娜")])
            // Birth ranges are inclusive; either end may be open.
            XCTAssertEqual(r.lookup(.birth(from: day("2019-03-15"), through: day("2019-03-15"))), p.ids("王小明", "无证"))
            XCTAssertEqual(r.lookup(.birth(from: day("2017-01-01"), through: day("2017-12-31"))), p.ids("李雷", "韩梅梅"))
            XCTAssertEqual(r.lookup(.birth(from: nil, through: day("2010-01-01"))), p.ids("欧阳娜娜"))
            XCTAssertEqual(r.lookup(.birth(from: day("2019-04-01"), through: nil)), p.ids("王芳"))
            XCTAssertEqual(r.lookup(.birth(from: nil, through: nil)).count, 9)
            XCTAssertEqual(r.lookup(.birth(from: day("2020-01-01"), through: day("2019-01-01"))), [])
        }
        // After a rebuild the sorted-index estimates are exact.
        XCTAssertEqual(r.estimate(.namePrefix("王")), 3)
        XCTAssertEqual(r.estimate(.birth(from: day("2017-01-01"), through: day("2017-12-31"))), 2)
        XCTAssertEqual(r.estimate(.birth(from: nil, through: nil)), 9)
        XCTAssertEqual(r.estimate(.birth(from: day("2030-01-01"), through: nil)), 0)
    }

    func testLookupsAreAscendingWithoutDuplicates() throws {
        let p = population()
        let r = p.r
        r.rebuildSortedIndexes()
        // Rename twice so the row is both stale in the sorted part and pending twice.
        try r.correct(p.n["李雷"]!, set: [(.name, .text("王雷"))], reason: "更正", on: day("2025-09-02"))
        try r.correct(p.n["李雷"]!, set: [(.name, .text("王磊"))], reason: "更正", on: day("2025-09-03"))
        for l: IndexLookup in [.namePrefix("王"), .birth(from: nil, through: nil), .schoolDistrict(District.xigong), .school(SchoolFx.xigongPrimary1, grade: nil)] {
            let out = r.lookup(l)
            XCTAssertEqual(out, out.sorted(), "\(l)")
            XCTAssertEqual(Set(out).count, out.count, "\(l)")
        }
    }

    func testIndexesFollowTransferPromoteCorrectWithoutStaleResults() throws {
        let p = population()
        let r = p.r
        r.rebuildSortedIndexes()  // so renamed rows are stale in the sorted part
        let ming = p.n["王小明"]!, lei = p.n["李雷"]!
        try r.transfer(ming, to: SchoolFx.laochengPrimary, on: day("2025-10-01"), reason: "搬家")
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 1)), p.ids("王芳", "无证"))
        XCTAssertEqual(r.lookup(.school(SchoolFx.laochengPrimary, grade: 1)), p.ids("王小明"))
        XCTAssertEqual(r.lookup(.schoolDistrict(District.laocheng)), p.ids("王小明"))
        try r.promote(lei, on: day("2026-09-01"))
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 3)), [])
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary1, grade: 4)), p.ids("李雷"))
        XCTAssertEqual(r.estimate(.school(SchoolFx.xigongPrimary1, grade: 4)), 1)
        // Rename 王小明 → 张小明 and 李雷 → 王雷; change a birth date and hukou.
        try r.correct(ming, set: [(.name, .text("张小明")), (.hukou, .text("410302"))], reason: "更正", on: day("2025-10-02"))
        try r.correct(lei, set: [(.name, .text("王雷"))], reason: "更正", on: day("2026-09-02"))
        let l = p.n["无证"]!
        try r.correct(l, set: [(.birth, .date(day("2019-02-01")))], reason: "出生证明", on: day("2025-10-03"))
        func recheck(_ ids: [StudentID], _ pred: (Student) -> Bool) -> Set<String> { p.names(ids.filter { pred(r.student($0)) }) }
        // The index may over-answer (documented superset) but must never miss, and the re-check removes stale rows.
        let wang = r.lookup(.namePrefix("王"))
        XCTAssertTrue(wang.contains(p.id("李雷")), "renamed-into-prefix row must be found")
        XCTAssertEqual(recheck(wang) { $0.name.hasPrefix("王") }, ["王芳", "王五", "王雷"])
        XCTAssertTrue(r.lookup(.namePrefix("张")).contains(p.id("王小明")))
        let mar = r.lookup(.birth(from: day("2019-03-15"), through: day("2019-03-15")))
        XCTAssertEqual(recheck(mar) { $0.birth == day("2019-03-15") }, ["张小明"])
        XCTAssertTrue(r.lookup(.birth(from: day("2019-02-01"), through: day("2019-02-01"))).contains(p.id("无证")))
        XCTAssertEqual(r.lookup(.hukou(District.laocheng)), p.ids("王芳", "王小明"))  // 王小明 is now 张小明
        XCTAssertEqual(r.lookup(.hukou(District.xigong)), p.ids("李雷", "王五"))
        // After a rebuild the answers are exact again.
        r.rebuildSortedIndexes()
        XCTAssertEqual(p.names(r.lookup(.namePrefix("王"))), ["王芳", "王五", "王雷"])
        XCTAssertEqual(p.names(r.lookup(.birth(from: day("2019-03-15"), through: day("2019-03-15")))), ["张小明"])
    }

    func testSortedIndexesStayCorrectPastTheAutomaticRebuildThreshold() throws {
        let fx = Fixture()
        let r = fx.registry
        // 1,200 pupils: more than 1,024 pending rows triggers the automatic rebuild at first lookup.
        let surnames = ["王", "李", "张", "刘", "陈", "杨"]
        var numbers: [RegistryNumber] = []
        for i in 0..<1200 {
            let born = Day(rawValue: day("2018-09-01").rawValue + Int32(i % 365)).description
            let name = surnames[i % surnames.count] + "同学\(i)"
            numbers.append(fx.enrol(fx.person(name, i % 2 == 0 ? .male : .female, born: born, serial: i / 365),
                                    at: i % 2 == 0 ? SchoolFx.xigongPrimary1 : SchoolFx.xigongPrimary2))
        }
        XCTAssertEqual(r.lookup(.namePrefix("王")).count, 200)
        XCTAssertEqual(r.estimate(.namePrefix("王")), 200)
        XCTAssertEqual(r.lookup(.school(SchoolFx.xigongPrimary2, grade: 1)).count, 600)
        // Rename every 王 to 赵 and check no stale answer survives a re-check.
        for (i, n) in numbers.enumerated() where i % surnames.count == 0 {
            try r.correct(n, set: [(.name, .text("赵同学\(i)"))], reason: "更正", on: day("2025-09-02"))
        }
        XCTAssertTrue(r.lookup(.namePrefix("王")).allSatisfy { !r.student($0).name.hasPrefix("王") })
        XCTAssertEqual(r.lookup(.namePrefix("赵")).count, 200)
        XCTAssertEqual(r.lookup(.namePrefix("王")).filter { r.student($0).name.hasPrefix("王") }.count, 0)
    }

    func testRollbackRestoresCountsIndexesAndRecords() throws {
        let p = population()
        let r = p.r
        func lookups() -> [[StudentID]] {
            [r.lookup(.namePrefix("王")), r.lookup(.namePrefix("张")), r.lookup(.birth(from: nil, through: nil)),
             r.lookup(.birth(from: day("2019-03-15"), through: day("2019-03-15"))),
             r.lookup(.hukou(District.xigong)), r.lookup(.hukou(District.laocheng)), r.lookup(.hukou(District.jianxi)),
             r.lookup(.schoolDistrict(District.xigong)), r.lookup(.schoolDistrict(District.laocheng))]
        }
        let sp = r.savepoint()
        let snap = Snapshot(r), before = lookups(), schools = r.schools.count
        // A busy transaction: new school, new students (G and L), transfers, promotions, corrections, statuses.
        try r.addSchool(School(code: SchoolCode("4103020002")!, name: "洛阳市老城区第二小学", stage: .primary, district: District.laocheng))
        let newG = p.fx.enrol(p.fx.person("张新", .male, born: "2019-03-15", serial: 40), at: SchoolCode("4103020002")!)
        let newL = p.fx.enrol(p.fx.person("无证二", .female, born: "2019-03-15", withID: false))
        try r.transfer(p.n["王小明"]!, to: SchoolCode("4103020002")!, on: day("2025-10-01"))
        try r.correct(p.n["王芳"]!, set: [(.name, .text("张芳")), (.hukou, .text("410303")), (.birth, .date(day("2019-05-01")))],
                      reason: "更正", on: day("2025-10-01"))
        XCTAssertEqual(try r.promote([p.id("李雷"), p.id("韩梅梅"), p.id("王五")], on: day("2026-09-01")).changed, 3)
        try r.suspend(p.n["汪洋"]!, reason: "病休", on: day("2025-10-01"))
        try r.withdraw(p.n["玉兰"]!, reason: "出国", on: day("2025-10-01"))
        try r.correct(p.n["欧阳娜娜"]!, set: [(.id_card, .null)], reason: "注销", on: day("2025-10-01"))
        XCTAssertNotEqual(Snapshot(r), snap)
        r.rollback(to: sp)
        XCTAssertEqual(r.savepoint(), sp)
        XCTAssertEqual(r.schools.count, schools)
        XCTAssertNil(r.school(SchoolCode("4103020002")!))
        XCTAssertNil(r.find(newG)); XCTAssertNil(r.find(newL))
        XCTAssertNil(r.find(idCard: newG.idCard!))
        XCTAssertTrue(Snapshot(r) == snap)
        XCTAssertEqual(lookups(), before)
        assertAllLookups(p)
        XCTAssertEqual(r.estimate(.hukou(District.xigong)), 3)
        XCTAssertEqual(r.estimate(.school(SchoolFx.xigongPrimary1, grade: nil)), 4)
        // The registry is fully usable afterwards: the school code and ID are free again.
        try r.addSchool(School(code: SchoolCode("4103020002")!, name: "洛阳市老城区第二小学", stage: .primary, district: District.laocheng))
        XCTAssertEqual(p.fx.enrol(p.fx.person("张新", .male, born: "2019-03-15", serial: 40)), newG)
    }
}
