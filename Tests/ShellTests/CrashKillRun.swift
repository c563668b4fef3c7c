import Foundation
import struct Generator.SplitMix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One crash run: the trials of `config`, each a writer killed with SIGKILL and a read-write
/// reopen that must find every acknowledged statement, no half-applied one, and `verify: ok`.
final class CrashKillRun {
    /// Something that is not the engine's fault went wrong (a statement the generator thought
    /// valid was refused, output the harness cannot place): the run stops.
    struct HarnessError: Error, CustomStringConvertible { var description: String }

    let config: CrashKillConfig
    let runner: CrashKillRunner
    let scratch: URL
    var report = CrashKillReport()
    private var rng: SplitMix
    private var lanes: [CrashKill.Scenario: CrashKillLane] = [:]
    private var trial = 0
    /// Whether a second writer was tried against a running one (in the first streams trial).
    private(set) var checkedSecondWriter = false
    /// The big registry the automatic-snapshot trials copy, and the gap measured on it.
    private var autoBase: (dir: String, model: CrashKill.Model, gen: CrashKill.Generator, gap: Double)?
    private var checkpointTrials = 0

    /// A run of `config` against `binary`, working in `scratch`.
    init(config: CrashKillConfig, binary: URL, scratch: URL) {
        self.config = config; self.scratch = scratch
        runner = CrashKillRunner(binary: binary, scratch: scratch)
        rng = SplitMix(state: config.seed)
    }

    /// Runs every trial; failures of the engine go into `report`, harness failures are thrown.
    func run() throws {
        signal(SIGPIPE, SIG_IGN)    // writes to a killed shell's stdin must fail, not end the test
        let schedule = config.schedule(&rng)
        for (i, s) in CrashKill.Scenario.allCases.enumerated() {
            lanes[s] = CrashKillLane(scenario: s, gen: CrashKill.Generator(seed: config.seed &+ UInt64(i + 1) &* 0x9E37_79B9,
                                                                            scratch: scratch, label: s.rawValue))
        }
        for s in schedule {
            trial += 1
            report.trials[s, default: 0] += 1
            if s == .checkpoints {
                checkpointTrials += 1
                if config.autoSnapshotEvery > 0 && checkpointTrials % config.autoSnapshotEvery == 0 {
                    try autoSnapshotTrial()
                    continue
                }
            }
            try laneTrial(s)
        }
    }

    // MARK: trials on a lane's registry

    private func laneTrial(_ s: CrashKill.Scenario) throws {
        var lane = lanes[s]!
        defer { lanes[s] = lane }
        if lane.needsFresh { try fresh(&lane) }
        let normal = s == .streams && lane.gen.chance(0.3)
        if normal { report.syncNormal += 1 }
        var projected = lane.model
        let steps = lane.gen.steps(s, &projected)
        let input = (normal ? ".sync normal\n" : "") + steps.flatMap(\.lines).joined(separator: "\n") + "\n"
        // Mostly after the first answer (mid-stream); a fifth from the start, so some kills land
        // while the shell opens and replays. Streams of quick statements: anywhere in the
        // stream's expected time (at most 150 ms: longer only grows the registry every reopen
        // replays); the heavier scenarios: up to three typical statements' time. Both from the
        // answer times of the lane's last trial in the same sync mode.
        let fromStart = lane.gen.chance(0.2)
        let gap = normal ? lane.gapNormal : lane.gap
        let expected = 0.9 * gap * Double(steps.reduce(0) { $0 + $1.answers.count })
        let window = max(2, s == .streams ? min(150, expected) : min(3_000, 3 * gap, expected))
        let f = Double.random(in: 0..<1, using: &lane.gen.rng)
        let plan = fromStart ? CrashKillRunner.KillPlan(afterLines: 0, delay: f * (lane.firstAnswer + window))
            : CrashKillRunner.KillPlan(afterLines: 1, delay: f * window)
        let dir = lane.dir!
        let secondWriter: ((Int32) throws -> Void)? = s == .streams && !checkedSecondWriter ? { pid in try self.secondWriter(dir, pid) } : nil
        let tmpBefore = snapshotInProgress(dir)
        let t0 = Date()
        let killed = try runner.killWhileWriting(lane.dir!, input: input, plan: plan, whileRunning: secondWriter)
        if let t = snapshotInProgress(dir), t != tmpBefore { report.midSnapshot += 1 }
        report.writing += Date().timeIntervalSince(t0)
        let times = killed.lineTimes
        if let first = times.first { lane.firstAnswer = first }
        if times.count >= 3 {
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }.sorted()
            if normal { lane.gapNormal = gaps[gaps.count / 2] } else { lane.gap = gaps[gaps.count / 2] }
        }
        let what = "trial \(trial) (\(s.rawValue)\(normal ? ", .sync normal" : ""), seed \(config.seed)), killed "
            + "\(Int(plan.delay)) ms after \(fromStart ? "the start" : "the first answer") (lived \(Int(killed.lived)) ms)"
        if let model = try check(lane.dir!, steps, lane.model, killed, what) {
            lane.model = model
        } else {
            // Keep the damaged registry for a post-mortem; the lane starts over.
            let kept = lane.dir! + ".failed-trial-\(trial)"
            try? FileManager.default.moveItem(atPath: lane.dir!, toPath: kept)
            report.failures[report.failures.count - 1] += "\n  registry kept at \(kept)"
            lane.dir = nil
        }
    }

    /// Replaces the lane's registry with a fresh one: the schools, and the scenario's
    /// starting students imported without a kill.
    private func fresh(_ lane: inout CrashKillLane) throws {
        lane.generation += 1
        let dir = scratch.appendingPathComponent("\(lane.scenario.rawValue)-\(lane.generation).xj").path
        lane.dir = dir; lane.model = CrashKill.Model(); lane.gen.restart()
        var lines = CrashKill.schoolSetup
        if lane.scenario.startingStudents > 0 {
            let step = lane.gen.importStep(&lane.model, rows: lane.scenario.startingStudents, on: lane.gen.tick())
            lines += step.lines
        }
        let r = try runner.run([dir, "--today", CrashKill.today, "-c", lines.joined(separator: "\n")])
        guard r.status == 0, r.stderr.isEmpty else {
            throw HarnessError(description: "setting up \(dir) failed: exit status \(r.status)\n\(r.stderr.prefix(2000))")
        }
    }

    /// The size and time of `snapshot.xjs.tmp` in `dir` (a snapshot being written, FORMAT.md), if there is one.
    private func snapshotInProgress(_ dir: String) -> String? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: dir + "/snapshot.xjs.tmp") else { return nil }
        return "\(a[.size] ?? 0) \((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }

    /// A second read-write open while `pid` writes: refused with exit status 3, naming the writer.
    private func secondWriter(_ dir: String, _ pid: Int32) throws {
        checkedSecondWriter = true
        let second = try runner.run([dir, "--today", CrashKill.today, "-c", "count"])
        guard second.status == 3, second.stderr.contains("open by another writer (pid \(pid))") else {
            throw HarnessError(description: "a second writer must get exit status 3 naming pid \(pid); got \(second.status): \(second.stderr)")
        }
    }

    /// Reopens `dir` after a kill and classifies the trial. Returns what the registry holds
    /// (the model for the next trial), or nil after recording a lost or unopenable trial.
    private func check(_ dir: String, _ steps: [CrashKill.Step], _ before: CrashKill.Model,
                       _ killed: CrashKillRunner.Killed, _ what: String) throws -> CrashKill.Model? {
        let errLines = killed.stderr.split(separator: "\n").filter { !$0.contains("dropped an incomplete last entry") }
        guard errLines.isEmpty else {
            throw HarnessError(description: "\(what): the shell refused a generated statement (a test bug or an engine bug):\n\(killed.stderr.prefix(3000))")
        }
        let (acked, mismatch) = CrashKill.acknowledged(killed.lines, steps)
        if let mismatch { throw HarnessError(description: "\(what): \(mismatch)") }
        if !killed.killed { throw HarnessError(description: "\(what): the shell ended on its own:\n\(killed.stderr)") }
        report.acknowledged += acked
        if acked == steps.count { report.idle += 1 }     // a kill that found the shell waiting for input: still a kill, a dull one
        if killed.lines.isEmpty { report.beforeFirstAnswer += 1 }

        var expected = before
        for s in steps[..<acked] { expected.apply(s) }
        var withRunning = expected
        if acked < steps.count { withRunning.apply(steps[acked]) }
        let running = acked < steps.count ? steps[acked].summary : "none"

        let r0 = Date()
        let reopened = try runner.reopen(dir)
        report.reopening += Date().timeIntervalSince(r0)
        let verdict = "\(what), \(acked) statements acknowledged, the one running: \(running)"
        switch reopened {
        case .unopenable(let why):
            report.unopenable += 1
            report.failures.append("UNOPENABLE \(verdict)\n  \(why)")
            return nil
        case .opened(let found, let torn):
            if torn { report.tornCut += 1 }
            if found == expected.students {
                if acked < steps.count && !steps[acked].effects.isEmpty { report.runningDropped += 1 }
                report.ok += 1
                if config.verbose { print("ok: \(verdict); running statement dropped") }
                return expected
            }
            if acked < steps.count && found == withRunning.students {
                report.runningKept += 1
                report.ok += 1
                if config.verbose { print("ok: \(verdict); running statement kept") }
                return withRunning
            }
            report.lost += 1
            report.failures.append("LOST \(verdict)\n  \(CrashKill.difference(found: found, expected: expected.students))")
            return nil
        }
    }

    // MARK: the automatic snapshot

    /// A copy of a registry just under 100,000 events takes a small change and then bulk
    /// promotions; the second statement crosses the threshold and writes the snapshot before
    /// its answer. The kill comes 0.55–1.1× that statement's measured time after the first answer.
    private func autoSnapshotTrial() throws {
        report.autoSnapshot += 1
        let base = try autoSnapshotBase()
        let dir = scratch.appendingPathComponent("auto-\(trial).xj").path
        try FileManager.default.copyItem(atPath: base.dir, toPath: dir)
        var gen = base.gen
        gen.rng = SplitMix(state: config.seed &+ UInt64(trial) &* 0x2545_F491)
        var projected = base.model
        let steps = gen.autoSnapshotSteps(&projected)
        let input = steps.flatMap(\.lines).joined(separator: "\n") + "\n"
        // Mostly in the statement's second half, where the entry is written and the snapshot with it.
        let plan = CrashKillRunner.KillPlan(afterLines: 1, delay: Double.random(in: 0.55..<1.1, using: &rng) * base.gap)
        let t0 = Date()
        let killed = try runner.killWhileWriting(dir, input: input, plan: plan)
        if snapshotInProgress(dir) != nil { report.midSnapshot += 1 }
        report.writing += Date().timeIntervalSince(t0)
        let what = "trial \(trial) (checkpoints: automatic snapshot, seed \(config.seed)), killed \(Int(plan.delay)) ms (of \(Int(base.gap))) after the first answer (lived \(Int(killed.lived)) ms)"
        if try check(dir, steps, base.model, killed, what) != nil {
            try? FileManager.default.removeItem(atPath: dir)
        } else {
            report.failures[report.failures.count - 1] += "\n  registry kept at \(dir)"
        }
    }

    /// Builds (once) the registry of 98,500 students the automatic-snapshot trials copy, and
    /// measures on a copy how long the threshold-crossing statement takes; that copy must
    /// then hold a snapshot, or the trials would not test what they claim to.
    private func autoSnapshotBase() throws -> (dir: String, model: CrashKill.Model, gen: CrashKill.Generator, gap: Double) {
        if let autoBase { return autoBase }
        let dir = scratch.appendingPathComponent("auto-base.xj").path
        var gen = CrashKill.Generator(seed: config.seed ^ 0xA5A5_A5A5, scratch: scratch, label: "auto")
        var model = CrashKill.Model()
        let step = gen.importStep(&model, rows: 98_500, on: gen.tick())
        let r = try runner.run([dir, "--today", CrashKill.today, "-c", (CrashKill.schoolSetup + step.lines).joined(separator: "\n")])
        guard r.status == 0, r.stderr.isEmpty, !FileManager.default.fileExists(atPath: dir + "/snapshot.xjs") else {
            throw HarnessError(description: "building \(dir) failed (or already wrote a snapshot): exit status \(r.status)\n\(r.stderr.prefix(2000))")
        }
        // Calibration: the same kind of statements, run to the end (the kill finds it idle).
        let probe = scratch.appendingPathComponent("auto-probe.xj").path
        try FileManager.default.copyItem(atPath: dir, toPath: probe)
        var g = gen, m = model
        let steps = g.autoSnapshotSteps(&m)
        let answers = steps.reduce(0) { $0 + $1.answers.count }
        let ran = try runner.killWhileWriting(probe, input: steps.flatMap(\.lines).joined(separator: "\n") + "\n",
                                              plan: .init(afterLines: answers, delay: 0))
        guard ran.lineTimes.count == answers, FileManager.default.fileExists(atPath: probe + "/snapshot.xjs") else {
            throw HarnessError(description: "the automatic snapshot did not happen: \(ran.lines) \(ran.stderr)")
        }
        try? FileManager.default.removeItem(atPath: probe)
        autoBase = (dir, model, gen, ran.lineTimes[1] - ran.lineTimes[0])
        return autoBase!
    }
}
