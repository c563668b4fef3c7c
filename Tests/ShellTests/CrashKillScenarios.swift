import Foundation
import Registry

extension CrashKill {
    /// What a trial's writer is doing when it is killed.
    enum Scenario: String, CaseIterable {
        /// Single statements (and small transactions and imports) piped one by one, in
        /// `.sync full` or `.sync normal` mode.
        case streams
        /// `import students from` CSVs of a few thousand rows: all rows or none.
        case imports
        /// `promote where …` / `graduate where …` over many students: all or none of one statement.
        case bulk
        /// `.checkpoint` between statements and transactions; now and then the automatic
        /// snapshot of a registry crossing 100,000 events.
        case checkpoints

        /// A fresh registry of this scenario grows no bigger than this before it is replaced
        /// (every reopen replays and verifies all of it).
        var maxStudents: Int {
            switch self {
            case .streams: return 6_000
            case .imports: return 14_000
            case .bulk, .checkpoints: return 10_000
            }
        }

        /// Students imported (without a kill) into a fresh registry before the first trial.
        var startingStudents: Int {
            switch self {
            case .streams, .imports: return 0
            case .bulk: return 3_000
            case .checkpoints: return 4_000
            }
        }
    }
}

extension CrashKill.Generator {
    typealias Model = CrashKill.Model
    typealias Step = CrashKill.Step

    /// The statements of one trial of `scenario`, generated against (and applied to) `m`.
    mutating func steps(_ scenario: CrashKill.Scenario, _ m: inout Model) -> [Step] {
        switch scenario {
        case .streams:
            // Enough that a kill shortly after the first answer nearly always lands mid-stream.
            return (0..<300).map { _ in step(&m) }
        case .imports:
            // Each import a few thousand rows; a few per trial so kills land in, between and after them.
            return (0..<4).map { _ in importStep(&m, rows: int(1_000...3_000), on: tick()) }
        case .bulk:
            return (0..<12).map { _ in
                chance(0.2) ? transaction(&m, of: int(2...3)) { g, m in g.bulkStep(&m) } : bulkStep(&m)
            }
        case .checkpoints:
            var out: [Step] = []
            for i in 0..<60 {
                if i % 6 == 2 || chance(0.1) { out.append(checkpointStep()) }
                // Transactions often here: a checkpoint must never split one.
                out.append(chance(0.3) ? transaction(&m, of: int(2...6)) { g, m in
                    g.chance(0.3) ? g.bulkStep(&m) : g.single(&m, allowImport: false)
                } : step(&m, transactions: 0))
            }
            return out
        }
    }

    /// `.checkpoint`: no change to the students.
    func checkpointStep() -> Step {
        Step(lines: [".checkpoint"], answers: ["checkpoint written"], effects: [], summary: ".checkpoint")
    }

    /// A `promote where …` or `graduate where …` that changes at least one student (per the
    /// model), or a fresh import of students when none would.
    mutating func bulkStep(_ m: inout Model) -> Step {
        let d = tick()
        for _ in 0..<8 {
            let grade = int(1...12)
            let graduating = CrashKill.finalGrades.contains(grade)
            let stage = CrashKill.schools.first { $0.grades.contains(grade) }!.stage
            // Sometimes one school only, so a statement's set is not always a whole grade.
            let school = chance(0.3) ? CrashKill.schools.filter { $0.stage == stage }[int(0...1)].code : nil
            let matches = m.order.filter {
                let s = m.students[$0]!
                return s.grade == grade && s.status == "active" && (school == nil || s.school == school)
            }
            guard !matches.isEmpty else { continue }
            var effects: [(String, CrashKill.Student)] = []
            effects.reserveCapacity(matches.count)
            for n in matches {
                var t = m.students[n]!
                if graduating { t.status = "graduated" } else { t.grade += 1 }
                m.set(n, t)
                effects.append((n, t))
            }
            let verb = graduating ? "graduate" : "promote"
            // Non-active students of the grade are in the set too (skipped by R8/R9).
            let condition = "grade = \(grade)" + (school.map { " and school = \($0)" } ?? "")
            return Step(lines: ["\(verb) where \(condition) on \(d)"],
                        answers: ["\(graduating ? "graduated" : "promoted") \(matches.count)"], effects: effects,
                        summary: "\(verb) where \(condition) (\(matches.count) students)")
        }
        return importStep(&m, rows: int(500...1_500), on: d)
    }

    /// The statements of an automatic-snapshot trial on the big base registry: one small
    /// change (its answer says the shell has opened the registry), then a bulk promotion that
    /// carries the journal past 100,000 events, so the snapshot is written inside it, and one
    /// more small change.
    mutating func autoSnapshotSteps(_ m: inout Model) -> [Step] {
        var out: [Step] = []
        for _ in 0..<2 {
            if let (n, s) = pick(m, { $0.status == "active" && !CrashKill.finalGrades.contains($0.grade) }) {
                var t = s; t.grade += 1
                m.set(n, t)
                out.append(Step(lines: ["promote \(n) on \(tick())"], answers: ["promoted \(n) "], effects: [(n, t)], summary: "promote \(n)"))
            }
            if out.count == 1 { out.append(bulkStep(&m)) }
        }
        return out
    }
}
