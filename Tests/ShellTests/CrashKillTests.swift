import Foundation
import Registry
import struct Generator.SplitMix
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The crash test of R14, against the real `xueji` binary: a writing shell is killed with
/// SIGKILL at random moments, again and again on the same registry directory, and after every
/// kill the registry must open, `verify` must pass, and every statement whose answer was printed
/// before the kill must be there — with nothing half-applied.
///
/// Each round starts `xueji DIR --today 2025-11-01` with stdin and stdout on pipes and streams
/// statements into it (enrolments of new students, transfers, promotions, graduations,
/// next-stage enrolments, suspensions, resumptions, withdrawals, corrections, now and then a
/// `begin … commit` transaction or an `import students from` a small CSV). A background
/// thread reads stdout; after a random delay (seeded) the process gets SIGKILL. Then
/// `xueji DIR -c 'verify; count; find …' --mode csv` must exit 0 with `verify: ok`, and the
/// students it lists must equal the model after the acknowledged statements — or after those
/// plus the one statement that was running when the kill came (its entry may be on disk
/// although its answer was never printed; a transaction counts as one statement, all or
/// nothing). Whatever the registry holds becomes the model for the next round.
///
/// `XUEJI_CRASH_SEED` and `XUEJI_CRASH_ROUNDS` override the seed and the number of rounds; the
/// registry directory is kept after a failure, or always with `XUEJI_CRASH_KEEP=1`.
final class CrashKillTests: XCTestCase {
    static let today = "2025-11-01"

    // MARK: the model

    /// What the test expects of one student, as `find show no, name, school, grade, status` prints it.
    struct Student: Equatable, CustomStringConvertible {
        var name: String
        var school: String
        var grade: Int
        var status: String
        var description: String { "\(name), \(school), grade \(grade), \(status)" }
    }

    struct Model {
        var students: [String: Student] = [:]
        /// Registry numbers in enrolment order, for cheap random picks.
        var order: [String] = []

        mutating func set(_ number: String, _ s: Student) {
            if students.updateValue(s, forKey: number) == nil { order.append(number) }
        }

        mutating func apply(_ step: Step) { for (n, s) in step.effects { set(n, s) } }
    }

    /// One statement (or a `begin … commit` transaction) sent to the shell.
    struct Step {
        var lines: [String]
        /// The stdout lines it prints, by prefix; the last one is its acknowledgement.
        var answers: [String]
        /// The students it changes, as they are afterwards.
        var effects: [(String, Student)]
        var summary: String
    }

    typealias SplitMix64 = SplitMix

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
    static let surnames = Array("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗")
    static let given = ["子涵", "欣怡", "梓萱", "浩然", "宇轩", "一诺", "雨桐", "俊杰", "思远", "佳怡", "明轩", "诗琪", "天佑", "若曦", "博文"]

    /// Makes statements that are all valid against the model they are generated on.
    struct Generator {
        var rng: SplitMix64
        /// Every statement is dated on or after the one before it (across rounds too), so R16
        /// never refuses one.
        var day = Day(year: 2015, month: 9, day: 1)!
        var serialByBirth: [Int32: Int] = [:]
        var serial = 0
        let scratch: URL

        mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

        mutating func tick() -> Day {
            if chance(0.1) { day = day.adding(days: 1) }
            return day
        }

        mutating func name() -> String {
            "\(CrashKillTests.surnames[int(0...CrashKillTests.surnames.count - 1)])\(CrashKillTests.given[int(0...CrashKillTests.given.count - 1)])"
        }

        /// A new person of the right age for `grade` on `day` (R6) with a valid, unused ID number (R1, R2).
        mutating func person(grade: Int, on day: Day) -> (id: String, name: String, gender: String, birth: Day) {
            let c = day.civil
            let refYear = c.month >= 6 ? c.year : c.year - 1
            let birth = Day(year: refYear - grade - 6, month: int(1...8), day: int(1...28))!
            let male = chance(0.5)
            let n = serialByBirth[birth.rawValue, default: 0]
            serialByBirth[birth.rawValue] = n + 1
            precondition(n < 500, "ran out of sequence numbers")
            let seq = n * 2 + (male ? 1 : 0)
            let body = "410303" + birth.compact + String(format: "%03d", seq)
            let id = body + String(IDCardNumber.checkCharacter(for: UInt64(body)!))
            return (id, name(), male ? "M" : "F", birth)
        }

        func school(_ code: String) -> (code: String, name: String, stage: String, grades: ClosedRange<Int>) {
            CrashKillTests.schools.first { $0.code == code }!
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

        /// One single statement, applied to `m`.
        mutating func single(_ m: inout Model, allowImport: Bool) -> Step {
            while true {
                let d = tick()
                let ds = d.description
                let roll = int(0...99)
                if roll < 30 || m.order.count < 10 {
                    let sch = CrashKillTests.schools[int(0...CrashKillTests.schools.count - 1)]
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
                    let to = CrashKillTests.schools.first { $0.stage == from.stage && $0.code != from.code }!
                    var t = s; t.school = to.code
                    m.set(n, t)
                    return Step(lines: ["transfer \(n) to \(to.code) on \(ds) reason \"随父母搬家\""],
                                answers: ["transferred \(n) "], effects: [(n, t)], summary: "transfer \(n)")
                }
                if roll < 56, let (n, s) = pick(m, { $0.status == "active" && ![6, 9, 12].contains($0.grade) }) {
                    var t = s; t.grade += 1
                    m.set(n, t)
                    return Step(lines: ["promote \(n) on \(ds)"], answers: ["promoted \(n) "], effects: [(n, t)], summary: "promote \(n)")
                }
                if roll < 64, let (n, s) = pick(m, { $0.status == "active" && [6, 9, 12].contains($0.grade) }) {
                    var t = s; t.status = "graduated"
                    m.set(n, t)
                    return Step(lines: ["graduate \(n) on \(ds)"], answers: ["graduated \(n) "], effects: [(n, t)], summary: "graduate \(n)")
                }
                if roll < 70, let (n, s) = pick(m, { $0.status == "graduated" && $0.grade != 12 }) {
                    let stage = s.grade == 6 ? "junior" : "senior"
                    let options = CrashKillTests.schools.filter { $0.stage == stage }
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
                    serial += 1
                    let file = scratch.appendingPathComponent("import-\(serial).csv")
                    var csv = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on\n"
                    var effects: [(String, Student)] = []
                    // Mostly a handful of rows; now and then enough for an entry of several pages.
                    for _ in 0..<(chance(0.2) ? int(30...80) : int(2...5)) {
                        let sch = CrashKillTests.schools[int(0...CrashKillTests.schools.count - 1)]
                        let grade = int(sch.grades)
                        let p = person(grade: grade, on: d)
                        csv += "\(p.id),\(p.name),\(p.gender),\(p.birth),汉族,410303,\(sch.code),\(grade),\(ds)\n"
                        let s = Student(name: p.name, school: sch.code, grade: grade, status: "active")
                        m.set("G" + p.id, s)
                        effects.append(("G" + p.id, s))
                    }
                    try! csv.write(to: file, atomically: true, encoding: .utf8)
                    return Step(lines: ["import students from \"\(file.path)\""],
                                answers: ["imported \(effects.count) students"], effects: effects,
                                summary: "import of \(effects.map(\.0).joined(separator: " "))")
                }
            }
        }

        /// A single statement, or now and then a transaction of 2–5 of them.
        mutating func step(_ m: inout Model) -> Step {
            guard chance(0.08) else { return single(&m, allowImport: true) }
            var lines = ["begin"], answers: [String] = [], effects: [(String, Student)] = []
            for _ in 0..<int(2...5) {
                let s = single(&m, allowImport: false)
                lines += s.lines; answers += s.answers; effects += s.effects
            }
            lines.append("commit")
            answers.append("committed ")
            return Step(lines: lines, answers: answers, effects: effects,
                        summary: "transaction of \(effects.count) changes (\(effects.map(\.0).joined(separator: " ")))")
        }
    }

    // MARK: running xueji

    struct Ran { var status: Int32; var stdout: String; var stderr: String }

    /// Runs `xueji ARGS` to completion with no stdin.
    func run(_ args: [String]) throws -> Ran {
        let p = Process()
        p.executableURL = try ExampleDemoTests.binary()
        p.arguments = args
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        try p.run()
        let errText = Collected()
        let group = DispatchGroup()
        group.enter()
        let errFD = err.fileHandleForReading.fileDescriptor
        Thread.detachNewThread { errText.drain(errFD); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Ran(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: errText.text)
    }

    var env: [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["LANG"] = "C.UTF-8"; e["USER"] = "crash-test"
        return e
    }

    /// Reads the whole registry through a fresh read-write open: verify, count, every student.
    func reopen(_ dir: String, round: Int, seed: UInt64) throws -> (students: [String: Student], warning: Bool)? {
        let r = try run([dir, "--today", Self.today, "--mode", "csv",
                         "-c", "verify\ncount\nfind show no, name, school, grade, status"])
        let where_ = "round \(round) (seed \(seed))"
        let errLines = r.stderr.split(separator: "\n").filter { !$0.isEmpty }
        let torn = errLines.filter { $0.contains("dropped an incomplete last entry") && $0.contains("never acknowledged") }
        guard r.status == 0, r.stdout.contains("verify: ok"), errLines.count == torn.count else {
            XCTFail("\(where_): reopening after the kill failed: exit status \(r.status)\nstdout: \(r.stdout.prefix(2000))\nstderr: \(r.stderr)")
            return nil
        }
        var lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let header = lines.firstIndex(of: "no,name,school,grade,status"),
              let countHeader = lines.firstIndex(of: "count"), countHeader + 1 < lines.count,
              let count = Int(lines[countHeader + 1]) else {
            XCTFail("\(where_): unexpected output from verify/count/find:\n\(r.stdout.prefix(2000))")
            return nil
        }
        lines = Array(lines[(header + 1)...])
        var found: [String: Student] = [:]
        for l in lines {
            let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let g = Int(f[3]) else { XCTFail("\(where_): unreadable find row: \(l)"); return nil }
            found[f[0]] = Student(name: f[1], school: f[2], grade: g, status: f[4])
        }
        XCTAssertEqual(count, found.count, "\(where_): count and find disagree")
        return (found, !torn.isEmpty)
    }

    /// How the answers printed before the kill line up with the steps sent: how many steps were
    /// acknowledged, or a description of output that fits no step.
    static func acknowledged(_ out: [String], _ steps: [Step]) -> (Int, String?) {
        var at = 0
        for (i, s) in steps.enumerated() {
            for a in s.answers {
                guard at < out.count else { return (i, nil) }
                guard out[at].hasPrefix(a) else {
                    return (i, "step \(i) (\(s.summary)) should print '\(a)…' but printed '\(out[at])'")
                }
                at += 1
            }
        }
        return (steps.count, at < out.count ? "unexpected output after the last step: \(out[at])" : nil)
    }

    /// Says how `found` differs from `expected` (first few missing, extra and different students).
    static func difference(found: [String: Student], expected: [String: Student]) -> String {
        let missing = expected.keys.filter { found[$0] == nil }.sorted()
        let extra = found.keys.filter { expected[$0] == nil }.sorted()
        let changed = expected.keys.filter { found[$0] != nil && found[$0]! != expected[$0]! }.sorted()
        var parts: [String] = []
        if !missing.isEmpty {
            let shown: [String] = missing.prefix(5).map { (n: String) -> String in "\(n) (\(expected[n]!))" }
            parts.append("missing \(missing.count): " + shown.joined(separator: "; "))
        }
        if !extra.isEmpty {
            let shown: [String] = extra.prefix(5).map { (n: String) -> String in "\(n) (\(found[n]!))" }
            parts.append("unexpected \(extra.count): " + shown.joined(separator: "; "))
        }
        if !changed.isEmpty {
            let shown: [String] = changed.prefix(5).map { (n: String) -> String in "\(n) expected (\(expected[n]!)) found (\(found[n]!))" }
            parts.append("different \(changed.count): " + shown.joined(separator: "; "))
        }
        return parts.joined(separator: "\n  ")
    }

    // MARK: the test

    func testKillingAWritingShellLosesNothingAcknowledged() throws {
        let binary = try ExampleDemoTests.binary()
        signal(SIGPIPE, SIG_IGN)    // writes to a killed shell's stdin must fail, not end the test
        let envSeed = ProcessInfo.processInfo.environment["XUEJI_CRASH_SEED"].flatMap { UInt64($0) }
        let seed: UInt64 = envSeed ?? 20_251_101
        let rounds = ProcessInfo.processInfo.environment["XUEJI_CRASH_ROUNDS"].flatMap { Int($0) } ?? 50
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("xueji-crash-\(getpid())-\(seed)")
        try? fm.removeItem(at: scratch)
        try fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer {
            // Kept after a failure (or with XUEJI_CRASH_KEEP=1) for a post-mortem.
            if (testRun?.failureCount ?? 0) == 0 && ProcessInfo.processInfo.environment["XUEJI_CRASH_KEEP"] != "1" {
                try? fm.removeItem(at: scratch)
            } else {
                print("CrashKillTests: registry kept at \(scratch.path)/registry.xj")
            }
        }
        let dir = scratch.appendingPathComponent("registry.xj").path

        // The schools, through the shell, before the crashes begin.
        let setup = Self.schools.map { "add school \($0.code) name \"\($0.name)\" stage \($0.stage) district 410303" }
        let s0 = try run([dir, "--today", Self.today, "-c", setup.joined(separator: "\n")])
        XCTAssertEqual(s0.status, 0, s0.stderr)

        var gen = Generator(rng: SplitMix64(state: seed), scratch: scratch)
        var model = Model()
        let started = Date()
        var stats = (acked: 0, inflightKept: 0, inflightLost: 0, torn: 0, beforeFirstAnswer: 0, idle: 0)
        var sawSecondWriter = false
        var reopenTime = 0.0

        for round in 1...rounds {
            // Enough statements that the kill (at most 150 ms after the first answer) nearly always lands mid-stream.
            var projected = model
            var steps: [Step] = []
            for _ in 0..<300 { steps.append(gen.step(&projected)) }
            let input = steps.flatMap(\.lines).joined(separator: "\n") + "\n"
            // Mostly 0–150 ms after the first answer (mid-stream); a quarter of the rounds count
            // 0–120 ms from the start instead, so some kills land while the shell opens and replays.
            // (Longer delays only grow the registry, and every open replays and verify re-walks
            // all of it: a debug build opens ~3,000 entries in ~0.3 s.)
            let fromStart = gen.chance(0.25)
            let delayMs = fromStart ? gen.int(0...120) : gen.int(0...150)

            let p = Process()
            p.executableURL = binary
            p.arguments = [dir, "--today", Self.today]
            p.environment = env
            let inPipe = Pipe(), outPipe = Pipe()
            let errURL = scratch.appendingPathComponent("round-\(round).err")
            _ = fm.createFile(atPath: errURL.path, contents: nil)
            let errHandle = try FileHandle(forWritingTo: errURL)
            p.standardInput = inPipe; p.standardOutput = outPipe; p.standardError = errHandle
            try p.run()
            let t0 = DispatchTime.now()
            let group = DispatchGroup()

            // stdout, on a background thread: every answer the shell printed before it died.
            let collected = Collected()
            group.enter()
            let outFD = outPipe.fileHandleForReading.fileDescriptor
            Thread.detachNewThread { collected.drain(outFD); group.leave() }
            // stdin, on another: the statements, as fast as the shell takes them.
            group.enter()
            let inFD = inPipe.fileHandleForWriting.fileDescriptor
            Thread.detachNewThread {
                let fd = inFD
                let bytes = Array(input.utf8)
                var done = 0
                while done < bytes.count {
                    let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }     // EPIPE: the shell is dead
                    done += n
                }
                group.leave()
            }

            if round == 1 {
                // A second writer while this one runs: refused with exit status 3.
                let deadline = Date().addingTimeInterval(10)
                while collected.lineCount == 0 && Date() < deadline { usleep(2_000) }
                let second = try run([dir, "--today", Self.today, "-c", "count"])
                XCTAssertEqual(second.status, 3, "a second writer must get exit status 3; stderr: \(second.stderr)")
                XCTAssertTrue(second.stderr.contains("open by another writer (pid \(p.processIdentifier))"), second.stderr)
                sawSecondWriter = true
            }

            if !fromStart {
                let deadline = Date().addingTimeInterval(10)
                while collected.lineCount == 0 && Date() < deadline { usleep(1_000) }
            }
            usleep(useconds_t(delayMs * 1000))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let lived = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6
            try? inPipe.fileHandleForWriting.close()
            group.wait()
            try errHandle.close()
            XCTAssertEqual(p.terminationReason, .uncaughtSignal, "round \(round): the shell ended on its own")

            let out = collected.lines
            let writerErr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            let errLines = writerErr.split(separator: "\n").filter { !$0.contains("dropped an incomplete last entry") }
            if !errLines.isEmpty {
                XCTFail("round \(round) (seed \(seed)): the shell refused a generated statement (a test bug or an engine bug):\n\(writerErr.prefix(3000))")
                return
            }
            let (acked, mismatch) = Self.acknowledged(out, steps)
            if let mismatch {
                XCTFail("round \(round) (seed \(seed)): \(mismatch)")
                return
            }
            if acked == steps.count {
                stats.idle += 1     // the kill found the shell waiting for input: still a kill, but a dull one
            }
            if acked == 0 { stats.beforeFirstAnswer += 1 }
            stats.acked += acked

            var expected = model
            for s in steps[..<acked] { expected.apply(s) }
            var withInflight = expected
            if acked < steps.count { withInflight.apply(steps[acked]) }

            let r0 = Date()
            guard let reopened = try reopen(dir, round: round, seed: seed) else { return }
            reopenTime += Date().timeIntervalSince(r0)
            let (found, torn) = reopened
            if torn { stats.torn += 1 }
            if found == expected.students {
                if acked < steps.count && withInflight.students != expected.students { stats.inflightLost += 1 }
                model = expected
            } else if acked < steps.count && found == withInflight.students {
                stats.inflightKept += 1
                model = withInflight
            } else {
                let inflight = acked < steps.count ? steps[acked].summary : "none"
                XCTFail("""
                    round \(round) (seed \(seed)), killed \(delayMs) ms after \(fromStart ? "the start" : "the first answer") (lived \(Int(lived)) ms), \
                    \(acked) statements acknowledged, the one running was: \(inflight)
                      \(Self.difference(found: found, expected: expected.students))
                    """)
                return
            }
        }
        XCTAssertTrue(sawSecondWriter)

        // A last open: still verifies, and holds exactly the model.
        guard let final = try reopen(dir, round: rounds + 1, seed: seed) else { return }
        XCTAssertEqual(final.students, model.students)
        let elapsed = Date().timeIntervalSince(started)
        print("""
            CrashKillTests: \(rounds) kills in \(String(format: "%.1f", elapsed)) s \
            (\(String(format: "%.1f", reopenTime)) s of it reopening and verifying) (seed \(seed)): \
            \(stats.acked) statements acknowledged, \(model.students.count) students; \
            kills before the first answer \(stats.beforeFirstAnswer), \
            running statement kept \(stats.inflightKept) / dropped \(stats.inflightLost), \
            torn last entries cut \(stats.torn), idle kills \(stats.idle)
            """)
    }
}

/// Lines read from a pipe by a background thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [UInt8] = []

    func append(_ bytes: ArraySlice<UInt8>) { lock.lock(); data += bytes; lock.unlock() }

    /// Reads `fd` to its end (EOF or error), appending as it goes.
    func drain(_ fd: Int32) {
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            append(buf[0..<n])
        }
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }

    var lineCount: Int { lock.lock(); defer { lock.unlock() }; return data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }

    /// Complete lines (a partial last line was never fully printed, so it is not an answer).
    var lines: [String] {
        lock.lock(); defer { lock.unlock() }
        guard let end = data.lastIndex(of: 10) else { return [] }
        return String(decoding: data[..<end], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
