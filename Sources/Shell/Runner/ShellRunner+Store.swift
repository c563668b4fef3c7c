import RQL
import Registry

/// A registry directory opened through the engine's durable store.
final class DiskStore: StoreHandle, SessionStorage {
    let store: RegistryStore

    init(_ store: RegistryStore) { self.store = store }

    var registry: Registry { store.registry }
    var sessionStorage: SessionStorage { self }
    var warnings: [String] { store.warnings }
    var isReadOnly: Bool { store.isReadOnly }

    func checkpoint() throws(ShellError) {
        do throws(StorageError) { try store.checkpoint() } catch { throw ShellError(error.message) }
    }

    func close() { store.close() }

    func setSync(normal: Bool) { store.syncMode = normal ? .normal : .full }

    func beginGroup() { store.beginGroup() }
    func commitGroup() throws { try store.commitGroup() }
    func rollbackGroup() { store.rollbackGroup() }

    func verifyStorage() -> (problems: [String], checked: [String]) {
        let report = store.verify()
        var problems = report.problems
        if let bad = report.firstBad {
            problems.insert("first bad entry #\(bad.sequence)" + (bad.effective.map { " (\($0)" } ?? " (") + (bad.kind.map { ", \($0))" } ?? ")"), at: 0)
        }
        var checked = ["journal: \(QueryExecutor.countPhrase(report.entries, "entry").replacingOccurrences(of: "entrys", with: "entries")) re-walked, hash chain intact",
                       "replay: \(QueryExecutor.countPhrase(report.students, "student")), \(QueryExecutor.countPhrase(report.events, "event")) rebuilt and compared"]
        checked += report.notes
        return (report.ok ? [] : problems, checked)
    }
}

extension ShellRunner {
    /// Opens the on-disk store behind a registry directory; damage or a lock is exit status 3.
    static func openStore(path: String, readOnly: Bool, today: Day, fixedClock: Bool) throws(ShellError) -> StoreHandle {
        do throws(StorageError) {
            let clock: (() -> Int64)? = fixedClock ? { Int64(today.rawValue) * 86_400 } : nil
            let store = try RegistryStore.open(at: path, readOnly: readOnly, today: today, clock: clock)
            store.registry.actor = ShellRunner.makeRegistry(today: today, fixedClock: fixedClock).actor
            if !fixedClock { store.registry.clock = ShellRunner.makeRegistry(today: today, fixedClock: false).clock }
            return DiskStore(store)
        } catch {
            throw ShellError(error.message)
        }
    }
}
