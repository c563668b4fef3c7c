import Foundation
import XCTest
@testable import Registry

// Shared fixture builder for the registry tests: real Luoyang district codes, a handful of
// schools, an injected clock, valid GB 11643 numbers, and a "nothing changed" snapshot.

/// Real district codes (GB/T 2260).
enum District {
    /// 洛阳市老城区
    static let laocheng = DistrictCode("410302")!
    /// 洛阳市西工区
    static let xigong = DistrictCode("410303")!
    /// 洛阳市涧西区
    static let jianxi = DistrictCode("410305")!
    /// 郑州市金水区 (another city, same province)
    static let jinshui = DistrictCode("410105")!
}

/// Schools used by the tests.
enum SchoolFx {
    static let xigongPrimary1 = SchoolCode("4103030001")!   // 洛阳市西工区第一小学
    static let xigongPrimary2 = SchoolCode("4103030002")!   // 洛阳市西工区第二小学
    static let laochengPrimary = SchoolCode("4103020001")!  // 洛阳市老城区第一小学
    static let xigongJunior1 = SchoolCode("4103030101")!    // 洛阳市西工区第一初级中学
    static let jianxiJunior1 = SchoolCode("4103050101")!    // 洛阳市涧西区第一初级中学
    static let luoyangNo1High = SchoolCode("4103030201")!   // 洛阳市第一高级中学
    static let luoyangNo2High = SchoolCode("4103050201")!   // 洛阳市第二高级中学

    static let all: [School] = [
        School(code: xigongPrimary1, name: "洛阳市西工区第一小学", stage: .primary, district: District.xigong),
        School(code: xigongPrimary2, name: "洛阳市西工区第二小学", stage: .primary, district: District.xigong),
        School(code: laochengPrimary, name: "洛阳市老城区第一小学", stage: .primary, district: District.laocheng),
        School(code: xigongJunior1, name: "洛阳市西工区第一初级中学", stage: .junior, district: District.xigong),
        School(code: jianxiJunior1, name: "洛阳市涧西区第一初级中学", stage: .junior, district: District.jianxi),
        School(code: luoyangNo1High, name: "洛阳市第一高级中学", stage: .senior, district: District.xigong),
        School(code: luoyangNo2High, name: "洛阳市第二高级中学", stage: .senior, district: District.jianxi),
    ]
}

/// `YYYY-MM-DD` → Day (crashes on a typo, which is what a test wants).
func day(_ text: String) -> Day {
    guard let d = Day(text) else { fatalError("bad test date \(text)") }
    return d
}

/// GB 11643 check character computed independently of the engine (ISO 7064 MOD 11-2).
func gbCheck(_ first17: String) -> Character {
    precondition(first17.count == 17 && first17.allSatisfy(\.isASCII) && first17.allSatisfy(\.isNumber))
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    for (d, w) in zip(first17, weights) { sum += d.wholeNumberValue! * w }
    return Array("10X98765432")[sum % 11]
}

/// A valid 18-character ID number: district + birth (YYYYMMDD) + 3-digit order code + check.
/// The order code's last digit is odd for M and even for F, as GB 11643 requires.
func idNumber(_ district: String, _ birth: String, order: Int) -> String {
    let first17 = district + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", order)
    return first17 + String(gbCheck(first17))
}

/// An order code with the right parity for a gender: `serial` 0… → 1,3,5… (M) or 2,4,6… (F).
func order(_ serial: Int, _ gender: Gender) -> Int { serial * 2 + (gender == .male ? 1 : 2) }

/// A clock the registry reads for `recordedAt`: starts at 2025-09-01T00:00Z and ticks a second per read.
final class TestClock {
    var now: Int64
    private(set) var reads = 0
    init(start: Int64 = 1_756_684_800) { now = start }
    func read() -> Int64 { reads += 1; now += 1; return now }
}

/// A registry with the Luoyang schools and an injected clock.
final class Fixture {
    let registry: Registry
    let clock: TestClock

    init(today: String = "2030-09-01", schools: [School] = SchoolFx.all) {
        let clock = TestClock()
        self.clock = clock
        registry = Registry(today: day(today), clock: { clock.read() })
        registry.actor = "教务处王老师"
        for s in schools { try! registry.addSchool(s) }
    }

    /// A new person with a valid ID number derived from district, birth, gender and serial.
    func person(_ name: String, _ gender: Gender, born birth: String, district: String = "410303",
                serial: Int = 1, hukou: DistrictCode? = District.xigong, ethnicity: String = "汉族",
                withID: Bool = true) -> NewStudent {
        NewStudent(name: name, gender: gender, birth: day(birth),
                   idCard: withID ? idNumber(district, birth, order: order(serial, gender)) : nil,
                   ethnicity: ethnicity, hukou: hukou)
    }

    /// Enrols a person and returns the registry number (fails the test on a refusal).
    @discardableResult
    func enrol(_ p: NewStudent, at school: SchoolCode = SchoolFx.xigongPrimary1, grade: Int = 1,
               class klass: Int? = nil, on date: String = "2025-09-01", reason: String? = nil,
               file: StaticString = #filePath, line: UInt = #line) -> RegistryNumber {
        do {
            return try registry.enrol(p, at: school, grade: grade, class: klass, on: day(date), reason: reason).number
        } catch {
            XCTFail("enrol \(p.name) refused: \(error)", file: file, line: line)
            fatalError("fixture enrolment failed")
        }
    }

    /// A grade-1 child born 2019-03-15 enrolled at 西工区第一小学 on 2025-09-01.
    @discardableResult
    func firstGrader(_ name: String = "张三", _ gender: Gender = .male, serial: Int = 1,
                     born: String = "2019-03-15") -> RegistryNumber {
        enrol(person(name, gender, born: born, serial: serial))
    }

    func student(_ n: RegistryNumber) -> Student { try! registry.student(n) }
    func id(_ n: RegistryNumber) -> StudentID { registry.find(n)! }
}

/// Everything observable about a registry, to assert a refusal changed nothing.
struct Snapshot: Equatable {
    var studentCount: Int
    var eventCount: Int
    var schools: [School]
    var students: [Student]
    var events: [Event]
    var histories: [[Event]]
    var byNumber: [RegistryNumber: StudentID]
    var byIDCard: [IDCardNumber: StudentID]
    var schoolBuckets: [[StudentID]]

    init(_ r: Registry) {
        studentCount = r.studentCount
        eventCount = r.eventCount
        schools = r.schools
        students = r.allStudents.map { r.student($0) }
        events = (0..<r.eventCount).map { r.event(at: $0) }
        histories = r.allStudents.map { r.history(of: $0) }
        byNumber = [:]; byIDCard = [:]
        for s in students {
            byNumber[s.number] = r.find(s.number)
            if let c = s.idCard { byIDCard[c] = r.find(idCard: c) }
        }
        schoolBuckets = r.schools.flatMap { s in
            [r.lookup(.school(s.code, grade: nil))] + s.stage.grades.map { r.lookup(.school(s.code, grade: $0)) }
        }
    }
}

extension XCTestCase {
    /// Runs `op`, asserts it is refused by `rule` (nil: a plain error), and that nothing changed.
    @discardableResult
    func assertRefused(_ rule: Rule?, _ r: Registry, _ what: String = "",
                       file: StaticString = #filePath, line: UInt = #line,
                       _ op: () throws -> Void) -> RegistryError? {
        let before = Snapshot(r)
        var caught: RegistryError?
        do {
            try op()
            XCTFail("expected refusal \(rule.map(\.id) ?? "error") \(what), but it was accepted", file: file, line: line)
        } catch let e as RegistryError {
            caught = e
            XCTAssertEqual(e.rule, rule, "wrong rule for \(what): \(e)", file: file, line: line)
            XCTAssertFalse(e.message.isEmpty, file: file, line: line)
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
        let after = Snapshot(r)
        XCTAssertEqual(after.studentCount, before.studentCount, "student count changed by refused \(what)", file: file, line: line)
        XCTAssertEqual(after.eventCount, before.eventCount, "event count changed by refused \(what)", file: file, line: line)
        XCTAssertTrue(after == before, "registry changed by refused \(what)", file: file, line: line)
        return caught
    }

    /// Runs `op`, which must be accepted, and returns the events it added.
    @discardableResult
    func assertAccepted(_ r: Registry, _ what: String = "", file: StaticString = #filePath, line: UInt = #line,
                        _ op: () throws -> Void) -> [Event] {
        let n = r.eventCount
        do { try op() } catch { XCTFail("\(what) refused: \(error)", file: file, line: line) }
        return (n..<r.eventCount).map { r.event(at: $0) }
    }
}

extension RegistryDatabase {
    /// `write` for a test's closure, whose thrown type Swift infers as `any Error`.
    @discardableResult
    func change<T>(label: String? = nil, _ body: (Registry) throws -> T) throws -> T {
        try write(label: label) { r throws(RegistryError) in
            do { return try body(r) } catch let e as RegistryError { throw e } catch { throw RegistryError(nil, .external("\(error)")) }
        }
    }
}
