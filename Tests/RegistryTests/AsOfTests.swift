import Foundation
import XCTest
@testable import Registry

/// `student(_:asOf:)`: the record as it stood at the end of a day.
final class AsOfTests: XCTestCase {
    func testAsOfAlongTheLifeWalk() throws {
        let fx = Fixture()
        let n = try LifeWalkTests.walk(fx)
        let r = fx.registry, id = fx.id(n)
        let snap = Snapshot(r)
        func at(_ d: String) -> Student? { r.student(id, asOf: day(d)) }
        func school(_ s: Student?) -> SchoolCode? { s.map { r.school(at: $0.schoolIndex).code } }

        XCTAssertNil(at("2007-03-15"), "born, not yet enrolled")
        XCTAssertNil(at("2013-08-31"), "the day before the first enrolment")
        let first = try XCTUnwrap(at("2013-09-01"))
        XCTAssertEqual(first.grade, 1); XCTAssertEqual(school(first), SchoolFx.xigongPrimary1)
        XCTAssertEqual(first.klass, 2); XCTAssertEqual(first.status, .active); XCTAssertEqual(first.name, "张三")
        XCTAssertEqual(first.enrolledOn, day("2013-09-01")); XCTAssertEqual(first.statusSince, day("2013-09-01"))
        XCTAssertEqual(first.hukou, District.xigong); XCTAssertEqual(first.number, n)
        XCTAssertEqual(at("2014-08-31")?.grade, 1)
        XCTAssertEqual(at("2014-09-01")?.grade, 2)
        XCTAssertEqual(at("2016-06-01")?.grade, 3)
        XCTAssertEqual(at("2018-09-01")?.grade, 6)
        XCTAssertEqual(at("2019-06-30")?.status, .active)
        let grad = try XCTUnwrap(at("2019-07-01"))
        XCTAssertEqual(grad.status, .graduated); XCTAssertEqual(grad.grade, 6); XCTAssertEqual(school(grad), SchoolFx.xigongPrimary1)
        XCTAssertEqual(grad.statusSince, day("2019-07-01"))
        XCTAssertEqual(at("2019-08-31")?.status, .graduated)
        let junior = try XCTUnwrap(at("2019-09-01"))
        XCTAssertEqual(junior.grade, 7); XCTAssertEqual(school(junior), SchoolFx.xigongJunior1); XCTAssertEqual(junior.klass, 5)
        XCTAssertEqual(junior.status, .active); XCTAssertEqual(junior.enrolledOn, day("2019-09-01"))
        XCTAssertEqual(junior.statusSince, day("2019-09-01"))
        let moved = try XCTUnwrap(at("2020-03-09"))
        XCTAssertEqual(school(moved), SchoolFx.jianxiJunior1); XCTAssertNil(moved.klass)
        XCTAssertEqual(moved.name, "张三"); XCTAssertEqual(moved.hukou, District.xigong)
        XCTAssertEqual(moved.enrolledOn, day("2020-02-20")); XCTAssertEqual(moved.statusSince, day("2019-09-01"))
        let corrected = try XCTUnwrap(at("2020-03-10"))
        XCTAssertEqual(corrected.name, "张叁"); XCTAssertEqual(corrected.hukou, District.jianxi); XCTAssertEqual(corrected.grade, 7)
        XCTAssertEqual(at("2022-06-30")?.grade, 9)
        XCTAssertEqual(at("2022-06-30")?.status, .active)
        XCTAssertEqual(at("2022-07-01"), fx.student(n))
        XCTAssertEqual(at("2030-01-01"), fx.student(n))
        XCTAssertTrue(Snapshot(r) == snap, "as-of reads change nothing")
    }

    func testAsOfSuspensionAndResumptionKeepsStatusSince() throws {
        let fx = Fixture(today: "2026-09-01")
        let n = fx.enrol(fx.person("休学生", .female, born: "2017-03-15", serial: 2), grade: 3, on: "2025-09-01")
        try fx.registry.suspend(n, reason: "因病休学", on: day("2025-10-01"))
        try fx.registry.resume(n, on: day("2026-03-01"))
        try fx.registry.withdraw(n, reason: "随父母出国", on: day("2026-06-01"))
        let id = fx.id(n)
        let s1 = try XCTUnwrap(fx.registry.student(id, asOf: day("2025-12-01")))
        XCTAssertEqual(s1.status, .suspended); XCTAssertEqual(s1.statusSince, day("2025-10-01"))
        let s2 = try XCTUnwrap(fx.registry.student(id, asOf: day("2026-03-01")))
        XCTAssertEqual(s2.status, .active); XCTAssertEqual(s2.statusSince, day("2026-03-01"))
        let s3 = try XCTUnwrap(fx.registry.student(id, asOf: day("2025-09-30")))
        XCTAssertEqual(s3.status, .active); XCTAssertEqual(s3.statusSince, day("2025-09-01"))
        XCTAssertEqual(fx.registry.student(id, asOf: day("2026-06-01"))?.status, .withdrawn)
        XCTAssertEqual(fx.student(n).statusSince, day("2026-06-01"))
    }

    func testAsOfForSeveralStudentsEnrolledAtDifferentTimes() throws {
        let fx = Fixture()
        let a = fx.enrol(fx.person("早", .male, born: "2018-03-15", serial: 1), grade: 1, on: "2024-09-01")
        let b = fx.enrol(fx.person("晚", .female, born: "2019-03-15", serial: 2), grade: 1, on: "2025-09-01")
        let c = fx.enrol(fx.person("无证", .male, born: "2019-03-15", withID: false), grade: 1, on: "2025-09-02")
        try fx.registry.promote(a, on: day("2025-09-01"))
        let d = day("2025-08-31")
        XCTAssertEqual(fx.registry.student(fx.id(a), asOf: d)?.grade, 1)
        XCTAssertNil(fx.registry.student(fx.id(b), asOf: d))
        XCTAssertNil(fx.registry.student(fx.id(c), asOf: day("2025-09-01")))
        XCTAssertEqual(fx.registry.student(fx.id(c), asOf: day("2025-09-02"))?.number, c)
        XCTAssertEqual(fx.registry.student(fx.id(a), asOf: day("2025-09-01"))?.grade, 2)
        // A transfer and a correction after the date do not leak into the past.
        try fx.registry.transfer(b, to: SchoolFx.laochengPrimary, on: day("2025-10-01"))
        try fx.registry.correct(b, set: [(.ethnicity, .text("满族"))], reason: "更正", on: day("2025-10-02"))
        let past = try XCTUnwrap(fx.registry.student(fx.id(b), asOf: day("2025-09-30")))
        XCTAssertEqual(fx.registry.school(at: past.schoolIndex).code, SchoolFx.xigongPrimary1)
        XCTAssertEqual(past.ethnicity, "汉族")
        XCTAssertEqual(past.enrolledOn, day("2025-09-01"))
        // Rolling back the later events makes the current record equal the as-of record.
        let sp = Savepoint(events: fx.registry.eventCount - 2, students: fx.registry.studentCount, schools: fx.registry.schools.count)
        fx.registry.rollback(to: sp)
        XCTAssertEqual(fx.student(b), past)
    }
}
