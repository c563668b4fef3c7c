import RQL
import Registry

/// An opened registry directory as the shell holds it: its registry, the storage the session
/// uses for transactions, import/export and verify, and what opening it reported.
protocol StoreHandle: AnyObject {
    /// The registry loaded from disk.
    var registry: Registry { get }
    /// The session's view of the store.
    var sessionStorage: SessionStorage { get }
    /// Warnings from opening (a torn last entry cut off, …).
    var warnings: [String] { get }
    /// Whether it was opened read-only.
    var isReadOnly: Bool { get }
    /// Groups fsyncs (`.sync normal`) or forces each statement to disk (`.sync full`).
    func setSync(normal: Bool)
    /// Writes a snapshot now.
    func checkpoint() throws(ShellError)
    /// Flushes and releases the lock.
    func close()
}

extension ShellRunner {
    /// Opens (or creates) a registry directory and points the session at it.
    func openRegistry(_ path: String) throws(ShellError) {
        let today = explicitToday ?? ShellRunner.clockToday()
        let handle = try ShellRunner.openStore(path: path, readOnly: options.readOnly, today: today, fixedClock: explicitToday != nil)
        store = handle
        session = Session(registry: handle.registry, storage: handle.sessionStorage)
        session.isReadOnly = options.readOnly || handle.isReadOnly
        for w in handle.warnings { ErrorSink.write("warning: \(w)\n") }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        registryName = name.hasSuffix(".xj") ? String(name.dropLast(3)) : name
    }
}
