import RQL
import Registry

/// Opening registry directories: the session then runs on a `DiskDatabase`.
extension ShellRunner {
    /// Opens (or creates) a registry directory and points the session at it.
    func openRegistry(_ path: String) throws(ShellError) {
        let today = explicitToday ?? ShellRunner.clockToday()
        let database = try ShellRunner.openDatabase(path: path, readOnly: options.readOnly, today: today,
                                                    fixedClock: explicitToday != nil)
        session = Session(database: database)
        session.isReadOnly = options.readOnly || database.isReadOnly
        for w in database.warnings { ErrorSink.write("warning: \(w)\n") }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        registryName = name.hasSuffix(".xj") ? String(name.dropLast(3)) : name
    }

    /// The registry directory the session runs on, if it is not in memory.
    var disk: DiskDatabase? { session.database as? DiskDatabase }

    /// Opens the on-disk database behind a registry directory; damage or a lock is exit status 3.
    static func openDatabase(path: String, readOnly: Bool, today: Day, fixedClock: Bool) throws(ShellError) -> DiskDatabase {
        do throws(StorageError) {
            let clock: (() -> Int64)? = fixedClock ? { Int64(today.rawValue) * 86_400 } : nil
            let db = try DiskDatabase.open(at: path, readOnly: readOnly, today: today, clock: clock)
            let template = ShellRunner.makeRegistry(today: today, fixedClock: fixedClock)
            db.registry.actor = template.actor
            if !fixedClock { db.registry.clock = template.clock }
            return db
        } catch {
            // A read-only file system is a command-line matter (--read-only), not damage.
            throw ShellError(error.message, status: error.kind == .readOnlyFileSystem ? 2 : 3)
        }
    }
}
