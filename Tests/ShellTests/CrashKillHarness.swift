import Foundation
import struct Generator.SplitMix

/// How a crash run is sized, from the environment (`make crash` sets these; `make test` runs the defaults).
struct CrashKillConfig {
    /// `XUEJI_CRASH_TRIALS`: kills in the run.
    var trials = 40
    /// `XUEJI_CRASH_SEED`: statements, kill moments and scenario order all follow from it.
    var seed: UInt64 = 20_251_101
    /// `XUEJI_CRASH_MIX`, e.g. `streams=1,imports=1,bulk=1,checkpoints=1`: relative weights.
    var mix: [CrashKill.Scenario: Int] = [.streams: 1, .imports: 1, .bulk: 1, .checkpoints: 1]
    /// `XUEJI_CRASH_AUTO_SNAPSHOT`: every Nth checkpoints trial kills a registry crossing the
    /// automatic-snapshot threshold (100,000 events; ~10 s a trial in a debug build); 0 = none.
    /// Default: 5 in runs of 100 trials or more, else 0.
    var autoSnapshotEvery = 0
    /// `XUEJI_CRASH_KEEP=1`: keep the scratch directory even when every trial passed.
    var keep = false
    /// `XUEJI_CRASH_VERBOSE=1`: one line per trial.
    var verbose = false

    /// The settings in `env`, defaults for what it does not say.
    init(_ env: [String: String] = ProcessInfo.processInfo.environment) {
        if let t = env["XUEJI_CRASH_TRIALS"].flatMap({ Int($0) }), t > 0 { trials = t }
        if let s = env["XUEJI_CRASH_SEED"].flatMap({ UInt64($0) }) { seed = s }
        if let m = env["XUEJI_CRASH_MIX"], !m.isEmpty {
            mix = [:]
            for part in m.split(separator: ",") {
                let kv = part.split(separator: "=")
                if kv.count == 2, let s = CrashKill.Scenario(rawValue: String(kv[0])), let w = Int(kv[1]), w > 0 { mix[s] = w }
            }
        }
        autoSnapshotEvery = env["XUEJI_CRASH_AUTO_SNAPSHOT"].flatMap { Int($0) } ?? (trials >= 100 ? 5 : 0)
        keep = env["XUEJI_CRASH_KEEP"] == "1"
        verbose = env["XUEJI_CRASH_VERBOSE"] == "1"
    }

    /// The scenario of every trial: counts in proportion to the weights, in a seeded order.
    func schedule(_ rng: inout SplitMix) -> [CrashKill.Scenario] {
        let kinds = CrashKill.Scenario.allCases.filter { (mix[$0] ?? 0) > 0 }
        let total = kinds.reduce(0) { $0 + mix[$1]! }
        var out: [CrashKill.Scenario] = []
        for (i, k) in kinds.enumerated() {
            let share = i == kinds.count - 1 ? trials - out.count : trials * mix[k]! / total
            out += Array(repeating: k, count: share)
        }
        out.shuffle(using: &rng)
        return out
    }
}

/// The tally of a run and the line `make crash` ends with.
struct CrashKillReport {
    var trials: [CrashKill.Scenario: Int] = [:]
    var ok = 0, lost = 0, unopenable = 0
    /// Statements acknowledged before their kill, over all trials.
    var acknowledged = 0
    /// Kills that came while a statement was running, and whether its entry made it to disk.
    var runningKept = 0, runningDropped = 0
    /// Kills before the first answer; kills that found the writer idle (every statement done).
    var beforeFirstAnswer = 0, idle = 0
    /// Reopens that cut off a torn last entry; automatic-snapshot trials; trials in `.sync normal`.
    var tornCut = 0, autoSnapshot = 0, syncNormal = 0
    /// Kills that left a snapshot half-written (`snapshot.xjs.tmp` new or changed).
    var midSnapshot = 0
    /// Seconds spent by the writers and by the reopens.
    var writing = 0.0, reopening = 0.0
    /// What went wrong, one paragraph per failed trial.
    var failures: [String] = []

    /// `crash: N trials (streams a, imports b, bulk c, checkpoints d): N ok, 0 lost, 0 unopenable`.
    var line: String {
        let n = trials.values.reduce(0, +)
        let per = CrashKill.Scenario.allCases.map { "\($0.rawValue) \(trials[$0] ?? 0)" }.joined(separator: ", ")
        return "crash: \(n) trials (\(per)): \(ok) ok, \(lost) lost, \(unopenable) unopenable"
    }

    /// The details under the line.
    var details: String {
        """
          \(acknowledged) statements acknowledged; kills mid-statement \(runningKept + runningDropped) \
        (entry kept \(runningKept), dropped \(runningDropped)), before the first answer \(beforeFirstAnswer), \
        idle \(idle); torn last entries cut on reopen \(tornCut); automatic-snapshot trials \(autoSnapshot), kills mid-snapshot \(midSnapshot); \
        .sync normal trials \(syncNormal); \(String(format: "%.1f", writing)) s writing, \
        \(String(format: "%.1f", reopening)) s reopening and verifying
        """
    }
}

/// One registry directory a scenario's trials run on, one after another, and what it should hold.
struct CrashKillLane {
    let scenario: CrashKill.Scenario
    var dir: String?
    var model = CrashKill.Model()
    var gen: CrashKill.Generator
    var generation = 0
    /// Typical time between two answers and until the first one, in ms (from the last trial),
    /// so kill moments scale with the binary's speed.
    var gap = 20.0, firstAnswer = 300.0
    /// The same gap in `.sync normal` (streams only): no fsync per statement.
    var gapNormal = 0.3

    /// Whether the registry should be replaced before the next trial (none yet, too big, or
    /// its dates near `--today`).
    /// A lane for `scenario` whose statements come from `gen`.
    init(scenario: CrashKill.Scenario, gen: CrashKill.Generator) {
        self.scenario = scenario; self.gen = gen
        // First guesses, until a trial has measured them: streams answer in about a
        // millisecond each, imports and bulk changes in tens.
        gap = scenario == .streams ? 1 : 50
    }

    var needsFresh: Bool {
        dir == nil || model.students.count > scenario.maxStudents || gen.day.civil.year >= 2025
    }
}

extension CrashKill {
    /// How the lines printed before the kill line up with the steps sent: how many steps were
    /// acknowledged, or a description of output that fits no step.
    static func acknowledged(_ out: [String], _ steps: [Step]) -> (Int, String?) {
        var at = 0
        for (i, s) in steps.enumerated() {
            for a in s.answers {
                guard at < out.count else { return (i, nil) }
                guard answers(out[at], a) else {
                    return (i, "step \(i) (\(s.summary)) should print '\(a)…' but printed '\(out[at])'")
                }
                at += 1
            }
        }
        return (steps.count, at < out.count ? "unexpected output after the last step: \(out[at])" : nil)
    }

    /// `line` starts with `prefix`, and a number at the prefix's end is not cut short ("promoted 12" ≠ "promoted 120").
    static func answers(_ line: String, _ prefix: String) -> Bool {
        guard line.hasPrefix(prefix) else { return false }
        guard prefix.last?.isNumber == true, let next = line.dropFirst(prefix.count).first else { return true }
        return !next.isNumber
    }

    /// Says how `found` differs from `expected` (first few missing, extra and different students).
    static func difference(found: [String: Student], expected: [String: Student]) -> String {
        let missing = expected.keys.filter { found[$0] == nil }.sorted()
        let extra = found.keys.filter { expected[$0] == nil }.sorted()
        let changed = expected.keys.filter { found[$0] != nil && found[$0]! != expected[$0]! }.sorted()
        var parts: [String] = []
        if !missing.isEmpty {
            parts.append("missing \(missing.count): " + missing.prefix(5).map { "\($0) (\(expected[$0]!))" }.joined(separator: "; "))
        }
        if !extra.isEmpty {
            parts.append("unexpected \(extra.count): " + extra.prefix(5).map { "\($0) (\(found[$0]!))" }.joined(separator: "; "))
        }
        if !changed.isEmpty {
            parts.append("different \(changed.count): "
                         + changed.prefix(5).map { "\($0) expected (\(expected[$0]!)) found (\(found[$0]!))" }.joined(separator: "; "))
        }
        return parts.joined(separator: "\n  ")
    }
}
