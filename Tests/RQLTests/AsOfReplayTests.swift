import Registry
import struct Generator.SplitMix
import XCTest
@testable import RQL

/// `as of D` is time travel over the event log; it must agree with the plainest possible
/// definition: run only the statements dated up to D on a fresh registry and ask the same
/// question without `as of`.
///
/// A seeded generator writes a dated script of lifecycle statements in date order, across
/// five schools in two districts: enrolments (with and without an ID number), promotions (one
/// at a time and in bulk), transfers, suspensions and resumptions, withdrawals, graduations,
/// next-stage enrolments, corrections (name, class, ethnicity, hukou), growth records — and,
/// on purpose, some statements a rule refuses. Candidates are picked from the live registry
/// the script runs on, so the script stays meaningful however the rules answer.
final class AsOfReplayTests: XCTestCase {
    static let today = Day("2025-11-01")!
    static let seed: UInt64 = 0x5845_4A49_2025   // "XEJI" 2025

    static let schools: [(code: String, name: String, stage: Stage, district: String)] = [
        ("4103030001", "洛阳市西工区第一小学", .primary, "410303"),
        ("4103020001", "洛阳市老城区第一小学", .primary, "410302"),
        ("4103030101", "洛阳市西工区第一初级中学", .junior, "410303"),
        ("4103020101", "洛阳市老城区第一初级中学", .junior, "410302"),
        ("4103030201", "洛阳市第一高级中学", .senior, "410303"),
    ]
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["子涵", "欣怡", "梓萱", "浩然", "宇轩", "一诺", "雨桐", "俊杰", "思远", "佳怡", "明轩", "诗琪"]

    typealias SplitMix64 = SplitMix

    /// One dated statement of the script, and how the full run answered it.
    struct Line {
        var day: Day
        var text: String
        /// nil when it succeeded, else the refusal (`R8: …`).
        var refusal: String?
    }

    /// The outcome of one statement: nil for success, else its rule and message.
    static func outcome(_ s: Session, _ text: String) -> String? {
        let parsed = RQLParser.parse(text)
        guard parsed.diagnostics.isEmpty, parsed.statements.count == 1 else {
            return "parse: \(parsed.diagnostics.map(\.message))"
        }
        do { _ = try s.execute(parsed.statements[0]); return nil } catch {
            return "\(error.rule?.id ?? "no rule"): \(error.message)"
        }
    }

    static func query(_ s: Session, _ text: String) throws -> ResultTable {
        let parsed = RQLParser.parse(text)
        XCTAssertEqual(parsed.diagnostics, [], text)
        guard let st = parsed.statements.first else {
            XCTFail("no statement in \(text)"); return ResultTable(columns: [], rows: [])
        }
        guard case .table(let t)? = try s.execute(st).first else {
            XCTFail("\(text): no table"); return ResultTable(columns: [], rows: [])
        }
        return t
    }

    static func freshSession() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: today)))
        for sch in schools {
            let r = outcome(s, "add school \(sch.code) name \"\(sch.name)\" stage \(sch.stage.rawValue) district \(sch.district)")
            XCTAssertNil(r)
        }
        return s
    }

    // MARK: the script

    /// Writes (and runs on `full`) a script of at least `count` dated statements.
    static func script(on full: Session, count: Int) -> [Line] {
        var rng = SplitMix64(state: seed)
        func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        let reg = full.registry
        var day = Day("2019-09-01")!
        var serial: [Int32: Int] = [:]
        var lines: [Line] = []
        var lastBulkYear = 2019

        func name() -> String { "\(surnames[int(0...surnames.count - 1)])\(given[int(0...given.count - 1)])" }
        func students(_ ok: (Student, School) -> Bool) -> [Student] {
            reg.allStudents.map { reg.student($0) }.filter { ok($0, reg.school(at: $0.schoolIndex)) }
        }
        func pick(_ ok: (Student, School) -> Bool) -> Student? {
            let c = students(ok)
            return c.isEmpty ? nil : c[int(0...c.count - 1)]
        }
        func emit(_ text: String) {
            lines.append(Line(day: day, text: text, refusal: outcome(full, text)))
        }
        func newStudent(grade: Int, school: (code: String, name: String, stage: Stage, district: String), withID: Bool) -> String {
            let c = day.civil
            let refYear = c.month >= 6 ? c.year : c.year - 1
            let birth = Day(year: refYear - grade - 6, month: int(1...8), day: int(1...28))!
            let male = chance(0.5)
            let hukou = chance(0.8) ? school.district : (school.district == "410303" ? "410302" : "410303")
            var fields = "name = \"\(name())\", gender = \(male ? "M" : "F"), birth = \(birth)"
            if withID {
                let n = serial[birth.rawValue, default: 0]; serial[birth.rawValue] = n + 1
                let body = hukou + birth.compact + String(format: "%03d", n * 2 + (male ? 1 : 0))
                fields += ", id_card = \"\(body)\(IDCardNumber.checkCharacter(for: UInt64(body)!))\""
            }
            if chance(0.5) { fields += ", ethnicity = \"\(["汉族", "回族", "满族"][int(0...2)])\"" }
            fields += ", hukou = \(hukou)"
            let klass = chance(0.6) ? " class \(int(1...4))" : ""
            return "enrol \(fields) at \(school.code) grade \(grade)\(klass) on \(day)"
        }

        while lines.count < count {
            // Time moves on: several statements share a day now and then.
            if !chance(0.35) { day = day.adding(days: int(1...20)) }
            let c = day.civil
            // Once a year, from 1 July: graduate and promote a whole school in bulk.
            if c.month >= 7 && c.year > lastBulkYear {
                lastBulkYear = c.year
                emit("graduate where grade in (6, 9, 12) and status = active on \(day)")
                emit("promote where status = active and grade not in (6, 9, 12) on \(day)")
                continue
            }
            let roll = int(0...99)
            if roll < 28 || reg.allStudents.count < 8 {
                let sch = schools[int(0...schools.count - 1)]
                emit(newStudent(grade: int(sch.stage.grades), school: sch, withID: chance(0.85)))
            } else if roll < 36, let s = pick({ $0.status == .active && $0.grade < $1.stage.finalGrade }) {
                emit("promote \(s.number) on \(day)")
            } else if roll < 40, let s = pick({ $0.status == .active && $0.grade == $1.stage.finalGrade }) {
                emit("graduate \(s.number) on \(day)")
            } else if roll < 48, let s = pick({ st, _ in st.status == .active }) {
                let from = reg.school(at: s.schoolIndex)
                let to = schools.first { $0.stage == from.stage && $0.code != from.code.description }
                if let to { emit("transfer \(s.number) to \(to.code) on \(day) reason \"随父母搬家\"") }
            } else if roll < 54, let s = pick({ st, _ in st.status == .active }) {
                emit("suspend \(s.number) reason \"病休\" on \(day)")
            } else if roll < 60, let s = pick({ st, _ in st.status == .suspended }) {
                emit("resume \(s.number) on \(day)")
            } else if roll < 63, let s = pick({ st, _ in st.status == .active || st.status == .suspended }) {
                emit("withdraw \(s.number) reason \"随父母出国\" on \(day)")
            } else if roll < 69, let s = pick({ $0.status == .graduated && $1.stage != .senior }) {
                let stage = reg.school(at: s.schoolIndex).stage.next!
                let options = schools.filter { $0.stage == stage }
                let to = options[int(0...options.count - 1)]
                emit("enrol \(s.number) at \(to.code) grade \(stage.grades.lowerBound) on \(day)\(chance(0.5) ? " reason \"升学\"" : "")")
            } else if roll < 80, let s = pick({ st, _ in st.status != .graduated }) {
                switch int(0...3) {
                case 0: emit("correct \(s.number) set name = \"\(name())\" reason \"姓名录入错误\" on \(day)")
                case 1: emit("correct \(s.number) set class = \(int(1...5)) reason \"调班\" on \(day)")
                case 2: emit("correct \(s.number) set ethnicity = \"\(["汉族", "回族", "蒙古族"][int(0...2)])\" reason \"民族有误\" on \(day)")
                default: emit("correct \(s.number) set hukou = \(chance(0.5) ? "410303" : "410302"), class = \(int(1...5)) reason \"户口迁移\" on \(day)")
                }
            } else if roll < 84, let s = pick({ _, _ in true }) {
                emit("record \(s.number) award \"市级三好学生\" on \(day)")
            } else if roll < 100, let s = pick({ _, _ in true }) {
                // On purpose, statements a rule refuses (or that happen to pass when the pick allows it).
                switch int(0...5) {
                case 0: emit("promote \(s.number) on \(day)")              // R8 when final grade or not active
                case 1: emit("graduate \(s.number) on \(day)")             // R9 when not in the final grade
                case 2: emit("resume \(s.number) on \(day)")               // R13 unless suspended
                case 3:                                                    // R7: to the school already attended
                    emit("transfer \(s.number) to \(reg.school(at: s.schoolIndex).code) on \(day) reason \"重复\"")
                case 4:                                                    // R4: enrolled again while active
                    emit("enrol \(s.number) at \(reg.school(at: s.schoolIndex).code) grade \(s.grade) on \(day)")
                default:                                                   // R5: a grade the school does not hold
                    emit("enrol name = \"\(name())\", gender = F, birth = 2014-03-03 at 4103030101 grade 4 on \(day)")
                }
            }
        }
        return lines
    }

    // MARK: the test

    func testCountAsOfEqualsAReplayUpToThatDay() throws {
        let full = try Self.freshSession()
        let lines = Self.script(on: full, count: 130)
        XCTAssertGreaterThanOrEqual(lines.count, 100)
        XCTAssertEqual(lines.map(\.day), lines.map(\.day).sorted(), "the script is in date order")
        let refused = lines.filter { $0.refusal != nil }
        XCTAssertGreaterThanOrEqual(refused.count, 5, "the script should exercise refusals")
        XCTAssertGreaterThan(lines.count - refused.count, 90, "most of the script should succeed:\n"
                             + refused.map { "\($0.text)\n  → \($0.refusal!)" }.joined(separator: "\n"))
        // The kinds of event the script must hold, to be worth anything.
        for verb in ["enrol name", "promote G", "promote where", "graduate", "transfer", "suspend", "resume", "withdraw", "correct", "record"] {
            XCTAssertTrue(lines.contains { $0.refusal == nil && $0.text.hasPrefix(verb) }, "no successful '\(verb)' in the script")
        }
        XCTAssertTrue(lines.contains { $0.refusal == nil && $0.text.hasPrefix("enrol ") && !$0.text.hasPrefix("enrol name") },
                      "no next-stage enrolment in the script")

        // Days to look at: before everything, every few event days, the days around them, after everything.
        let eventDays = Array(Set(lines.map(\.day))).sorted()
        var days: Set<Day> = [eventDays.first!.adding(days: -1), eventDays.last!, eventDays.last!.adding(days: 400)]
        for (i, d) in eventDays.enumerated() where i % 6 == 0 {
            days.insert(d); days.insert(d.adding(days: -1)); days.insert(d.adding(days: 1))
        }
        // Days several statements share.
        let crowded = Dictionary(grouping: lines, by: \.day).filter { $0.value.count >= 3 }.keys.sorted()
        days.formUnion(crowded.prefix(4))

        let shows = "no, name, gender, birth, id_card, ethnicity, hukou, school, grade, class, status, enrolled_on"
        let questions = [
            "count",
            "count by school, grade, status",
            "count where grade >= 7 by school.district, status",
            "find show \(shows) order by no",
            "find where status = active and school.stage = primary show no, name, class order by no",
        ]
        if ProcessInfo.processInfo.environment["XUEJI_ASOF_DUMP"] == "1" {
            for l in lines { print("\(l.text)\(l.refusal.map { "\n    -- refused: \($0)" } ?? "")") }
        }
        var compared = 0
        var counts: Set<String> = []
        for d in days.sorted() {
            let replay = try Self.freshSession()
            for (i, l) in lines.enumerated() where l.day <= d {
                let r = Self.outcome(replay, l.text)
                if (r == nil) != (l.refusal == nil) || r?.prefix(4) != l.refusal?.prefix(4) {
                    XCTFail("""
                        as of \(d): statement \(i + 1) (\(l.day)) answered differently in the replay
                          \(l.text)
                          full run: \(l.refusal ?? "ok")
                          replay:   \(r ?? "ok")
                        """)
                }
            }
            for q in questions {
                let travelled = try Self.query(full, "\(q) as of \(d)")
                let replayed = try Self.query(replay, q)
                compared += 1
                if q == "count" { counts.insert(replayed.rows.description) }
                if travelled.columns != replayed.columns || travelled.rows != replayed.rows {
                    XCTFail("""
                        as of \(d): '\(q)' differs from a replay of the \(lines.filter { $0.day <= d }.count) statements up to that day
                        \(Self.difference(travelled, replayed))
                        """)
                }
            }
        }
        XCTAssertGreaterThanOrEqual(days.count, 10)
        XCTAssertGreaterThanOrEqual(counts.count, 8, "the days compared should see the registry at many different sizes")
        print("AsOfReplayTests: \(lines.count) statements (\(refused.count) refused) from \(eventDays.first!) to \(eventDays.last!), \(days.count) days, \(compared) comparisons")
    }

    /// The first rows where `as of` (travelled) and the replay disagree.
    static func difference(_ a: ResultTable, _ b: ResultTable) -> String {
        if a.columns != b.columns { return "columns: \(a.columns.map(\.name)) vs \(b.columns.map(\.name))" }
        let show: ([Value]) -> String = { $0.map(\.description).joined(separator: " | ") }
        var out = ["rows: \(a.rows.count) as of vs \(b.rows.count) replayed"]
        let sa = Set(a.rows.map(show)), sb = Set(b.rows.map(show))
        for r in a.rows.map(show) where !sb.contains(r) { out.append("  only as of:   \(r)"); if out.count > 8 { break } }
        for r in b.rows.map(show) where !sa.contains(r) { out.append("  only replayed: \(r)"); if out.count > 16 { break } }
        return out.joined(separator: "\n")
    }
}
