import Foundation
import Registry
import struct Generator.SplitMix

/// The crash harness's picture of a registry: what every student should look like after the
/// statements the harness sent, and the statements themselves (see `CrashKillTests`).
enum CrashKill {
    /// The `--today` of every run, for reproducible dates.
    static let today = "2025-11-01"

    /// What the test expects of one student, as `find show no, name, school, grade, status` prints it.
    struct Student: Equatable, CustomStringConvertible {
        var name: String
        var school: String
        var grade: Int
        var status: String
        var description: String { "\(name), \(school), grade \(grade), \(status)" }
    }

    /// The students a registry should hold, by registry number.
    struct Model {
        var students: [String: Student] = [:]
        /// Registry numbers in enrolment order, for cheap random picks.
        var order: [String] = []

        /// Adds or replaces one student.
        mutating func set(_ number: String, _ s: Student) {
            if students.updateValue(s, forKey: number) == nil { order.append(number) }
        }

        /// Applies a whole statement's effects.
        mutating func apply(_ step: Step) { for (n, s) in step.effects { set(n, s) } }
    }

    /// One statement (or a `begin … commit` transaction, or a dot command) sent to the shell.
    struct Step {
        var lines: [String]
        /// The stdout lines it prints, by prefix (a number in a prefix must be followed by a
        /// non-digit); the last one is its acknowledgement.
        var answers: [String]
        /// The students it changes, as they are afterwards.
        var effects: [(String, Student)]
        var summary: String
    }

    // Schools: two of each stage, all in district 410303 (the hukou of every student, so
    // nothing is flagged by R15 and every statement prints exactly one line).
    static let schools: [(code: String, name: String, stage: String, grades: ClosedRange<Int>)] = [
        ("4103030001", "洛阳市西工区第一小学", "primary", 1...6),
        ("4103030002", "洛阳市西工区第二小学", "primary", 1...6),
        ("4103030101", "洛阳市西工区第一初级中学", "junior", 7...9),
        ("4103030102", "洛阳市西工区第二初级中学", "junior", 7...9),
        ("4103030201", "洛阳市第一高级中学", "senior", 10...12),
        ("4103030202", "洛阳市第二高级中学", "senior", 10...12),
    ]
    /// The statements that add the schools to a fresh registry.
    static let schoolSetup = schools.map { "add school \($0.code) name \"\($0.name)\" stage \($0.stage) district 410303" }
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["子涵", "欣怡", "梓萱", "浩然", "宇轩", "一诺", "雨桐", "俊杰", "思远", "佳怡", "明轩", "诗琪", "天佑", "若曦", "博文"]
    static let finalGrades: Set<Int> = [6, 9, 12]

    /// Makes statements that are all valid against the model they are generated on.
    struct Generator {
        var rng: SplitMix
        /// Every statement is dated on or after the one before it (across trials too), so R16
        /// never refuses one.
        var day = Day(year: 2015, month: 9, day: 1)!
        var serialByBirth: [Int32: Int] = [:]
        var serial = 0
        let scratch: URL
        let label: String

        /// A generator for one registry; `label` names its CSV files in `scratch`.
        init(seed: UInt64, scratch: URL, label: String) {
            rng = SplitMix(state: seed); self.scratch = scratch; self.label = label
        }

        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

        /// Starts over for a fresh registry (dates and ID sequence numbers may repeat there).
        mutating func restart() { day = Day(year: 2015, month: 9, day: 1)!; serialByBirth = [:] }

        mutating func tick() -> Day {
            if chance(0.1) { day = day.adding(days: 1) }
            return day
        }

        mutating func name() -> String {
            "\(CrashKill.surnames[int(0...CrashKill.surnames.count - 1)])\(CrashKill.given[int(0...CrashKill.given.count - 1)])"
        }

        /// A new person of the right age for `grade` on `day` (R6) with a valid, unused ID number (R1, R2).
        mutating func person(grade: Int, on day: Day) -> (id: String, name: String, gender: String, birth: Day) {
            let c = day.civil
            let refYear = c.month >= 6 ? c.year : c.year - 1
            var birth = Day(year: refYear - grade - 6, month: int(1...8), day: int(1...28))!
            // A birthday whose sequence numbers are used up: the next free one of the same year.
            while serialByBirth[birth.rawValue, default: 0] >= 499 {
                let b = birth.civil
                birth = b.day < 28 ? Day(year: b.year, month: b.month, day: b.day + 1)!
                    : Day(year: b.year, month: b.month % 8 + 1, day: 1)!
            }
            let male = chance(0.5)
            let n = serialByBirth[birth.rawValue, default: 0]
            serialByBirth[birth.rawValue] = n + 1
            let seq = n * 2 + (male ? 1 : 0)
            let body = "410303" + birth.compact + String(format: "%03d", seq)
            let id = body + String(IDCardNumber.checkCharacter(for: UInt64(body)!))
            return (id, name(), male ? "M" : "F", birth)
        }

        func school(_ code: String) -> (code: String, name: String, stage: String, grades: ClosedRange<Int>) {
            CrashKill.schools.first { $0.code == code }!
        }

        /// Picks a student the predicate accepts (a few random tries, then none).
        mutating func pick(_ m: Model, _ ok: (Student) -> Bool) -> (String, Student)? {
            guard !m.order.isEmpty else { return nil }
            for _ in 0..<12 {
                let n = m.order[int(0...m.order.count - 1)]
                if let s = m.students[n], ok(s) { return (n, s) }
            }
            return nil
        }

        /// One single-student statement (or a small import), applied to `m`.
        mutating func single(_ m: inout Model, allowImport: Bool) -> Step {
            while true {
                let d = tick()
                let ds = d.description
                let roll = int(0...99)
                if roll < 30 || m.order.count < 10 {
                    let sch = CrashKill.schools[int(0...CrashKill.schools.count - 1)]
                    let grade = int(sch.grades)
                    let p = person(grade: grade, on: d)
                    let number = "G" + p.id
                    let line = "enrol name = \"\(p.name)\", gender = \(p.gender), birth = \(p.birth), id_card = \"\(p.id)\", hukou = 410303 at \(sch.code) grade \(grade) on \(ds)"
                    let s = Student(name: p.name, school: sch.code, grade: grade, status: "active")
                    m.set(number, s)
                    return Step(lines: [line], answers: ["enrolled \(number) "], effects: [(number, s)], summary: "enrol \(number)")
                }
                if roll < 42, let (n, s) = pick(m, { $0.status == "active" }) {
                    let from = school(s.school)
                    let to = CrashKill.schools.first { $0.stage == from.stage && $0.code != from.code }!
                    var t = s; t.school = to.code
                    m.set(n, t)
                    return Step(lines: ["transfer \(n) to \(to.code) on \(ds) reason \"随父母搬家\""],
                                answers: ["transferred \(n) "], effects: [(n, t)], summary: "transfer \(n)")
                }
                if roll < 56, let (n, s) = pick(m, { $0.status == "active" && !CrashKill.finalGrades.contains($0.grade) }) {
                    var t = s; t.grade += 1
                    m.set(n, t)
                    return Step(lines: ["promote \(n) on \(ds)"], answers: ["promoted \(n) "], effects: [(n, t)], summary: "promote \(n)")
                }
                if roll < 64, let (n, s) = pick(m, { $0.status == "active" && CrashKill.finalGrades.contains($0.grade) }) {
                    var t = s; t.status = "graduated"
                    m.set(n, t)
                    return Step(lines: ["graduate \(n) on \(ds)"], answers: ["graduated \(n) "], effects: [(n, t)], summary: "graduate \(n)")
                }
                if roll < 70, let (n, s) = pick(m, { $0.status == "graduated" && $0.grade != 12 }) {
                    let stage = s.grade == 6 ? "junior" : "senior"
                    let options = CrashKill.schools.filter { $0.stage == stage }
                    let to = options[int(0...options.count - 1)]
                    var t = s; t.school = to.code; t.grade = s.grade + 1; t.status = "active"
                    m.set(n, t)
                    return Step(lines: ["enrol \(n) at \(to.code) grade \(t.grade) on \(ds) reason \"升学\""],
                                answers: ["enrolled \(n) "], effects: [(n, t)], summary: "next-stage enrol \(n)")
                }
                if roll < 76, let (n, s) = pick(m, { $0.status == "active" }) {
                    var t = s; t.status = "suspended"
                    m.set(n, t)
                    return Step(lines: ["suspend \(n) reason \"病休\" on \(ds)"], answers: ["suspended \(n) "], effects: [(n, t)], summary: "suspend \(n)")
                }
                if roll < 84, let (n, s) = pick(m, { $0.status == "suspended" }) {
                    var t = s; t.status = "active"
                    m.set(n, t)
                    return Step(lines: ["resume \(n) on \(ds)"], answers: ["resumed \(n) "], effects: [(n, t)], summary: "resume \(n)")
                }
                if roll < 86, let (n, s) = pick(m, { $0.status == "active" }) {
                    var t = s; t.status = "withdrawn"
                    m.set(n, t)
                    return Step(lines: ["withdraw \(n) reason \"出国\" on \(ds)"], answers: ["withdrew \(n) "], effects: [(n, t)], summary: "withdraw \(n)")
                }
                if roll < 96, let (n, s) = pick(m, { $0.status == "active" || $0.status == "suspended" }) {
                    var t = s; t.name = name()
                    if t.name == s.name { continue }
                    m.set(n, t)
                    return Step(lines: ["correct \(n) set name = \"\(t.name)\" reason \"姓名录入错误，以户口簿为准\" on \(ds)"],
                                answers: ["corrected \(n) "], effects: [(n, t)], summary: "correct \(n)")
                }
                if roll >= 96, allowImport {
                    // Mostly a handful of rows; now and then enough for an entry of several pages.
                    return importStep(&m, rows: chance(0.2) ? int(30...80) : int(2...5), on: d)
                }
            }
        }

        /// `import students from` a fresh CSV of `rows` new students, all enrolled on `day`.
        mutating func importStep(_ m: inout Model, rows: Int, on d: Day) -> Step {
            serial += 1
            let file = scratch.appendingPathComponent("\(label)-import-\(serial).csv")
            var csv = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on\n"
            csv.reserveCapacity(rows * 90)
            var effects: [(String, Student)] = []
            effects.reserveCapacity(rows)
            let ds = d.description
            for _ in 0..<rows {
                let sch = CrashKill.schools[int(0...CrashKill.schools.count - 1)]
                let grade = int(sch.grades)
                let p = person(grade: grade, on: d)
                csv += "\(p.id),\(p.name),\(p.gender),\(p.birth),汉族,410303,\(sch.code),\(grade),\(ds)\n"
                let s = Student(name: p.name, school: sch.code, grade: grade, status: "active")
                m.set("G" + p.id, s)
                effects.append(("G" + p.id, s))
            }
            try! csv.write(to: file, atomically: true, encoding: .utf8)
            return Step(lines: ["import students from \"\(file.path)\""],
                        answers: ["imported \(rows) students"], effects: effects,
                        summary: "import of \(rows) students from \(file.lastPathComponent)")
        }

        /// A single statement, or with probability `transactions` a transaction of 2–5 of them.
        mutating func step(_ m: inout Model, transactions: Double = 0.08) -> Step {
            guard chance(transactions) else { return single(&m, allowImport: true) }
            return transaction(&m, of: int(2...5)) { g, m in g.single(&m, allowImport: false) }
        }

        /// `begin`, `count` statements made by `make`, `commit`: one entry, all or nothing.
        mutating func transaction(_ m: inout Model, of count: Int, _ make: (inout Generator, inout Model) -> Step) -> Step {
            var lines = ["begin"], answers: [String] = [], effects: [(String, Student)] = []
            for _ in 0..<count {
                let s = make(&self, &m)
                lines += s.lines; answers += s.answers; effects += s.effects
            }
            lines.append("commit")
            answers.append("committed ")
            return Step(lines: lines, answers: answers, effects: effects,
                        summary: "transaction of \(effects.count) changes (\(effects.prefix(6).map(\.0).joined(separator: " "))…)")
        }
    }
}
