import Foundation
import RQL
import Registry

/// Opening registry directories: the session then runs on a `DiskDatabase`.
extension ShellRunner {
    /// Opens (or creates) a registry directory and points the session at it.
    func openRegistry(_ path: String) throws(ShellError) {
        let today = explicitToday ?? ShellRunner.clockToday()
        // A session of an actor may hold only its scope's students (on a server).
        let actor = session.identity?.name ?? (options.actor ?? ProcessInfo.processInfo.environment["XUEJI_AS"]).flatMap(ActorName.init)
        let database = try openAny(path, readOnly: options.readOnly, today: today, scope: actor)
        session = Session(database: database, queryServer: backend.flatMap { $0.handles(path) ? $0.queries(database) : nil })
        session.isReadOnly = options.readOnly || database.isReadOnly
        for w in database.warnings { ErrorSink.write(ShellMessage.warning("\(w)").text + "\n") }
        warningsShown = database.warnings.count
        let name = path.split(separator: "/").last.map { String($0.split(separator: "?").first ?? $0) } ?? path
        registryName = name.hasSuffix(".xj") ? String(name.dropLast(3)) : name
    }

    /// Opens the registry at `path`: a directory, or an address the backend handles.
    func openAny(_ path: String, readOnly: Bool, today: Day, scope: ActorName? = nil) throws(ShellError) -> any RegistryDatabase {
        guard let backend, backend.handles(path) else {
            return try ShellRunner.openDatabase(path: path, readOnly: readOnly, today: today,
                                                fixedClock: explicitToday != nil, expectedHead: options.expectedHead)
        }
        do throws(StorageError) {
            let db = try backend.open(path, today, readOnly, explicitToday != nil, scope)
            if let expected = options.expectedHead, let chain = db as? ChainDatabase {
                do throws(StorageError) { try chain.check(expected: expected) } catch {
                    db.close()
                    throw error
                }
            }
            let template = ShellRunner.makeRegistry(today: today, fixedClock: explicitToday != nil)
            db.registry.actor = template.actor
            if explicitToday == nil { db.registry.clock = template.clock }
            return db
        } catch {
            throw ShellError(.storage(error.id), status: error.kind == .refused ? 2 : 3)
        }
    }

    /// The registry directory the session runs on, if it is not in memory.
    var disk: DiskDatabase? { session.database as? DiskDatabase }

    /// Opens the on-disk database behind a registry directory; damage or a lock is exit status 3.
    static func openDatabase(path: String, readOnly: Bool, today: Day, fixedClock: Bool,
                             expectedHead: ChainHead? = nil) throws(ShellError) -> DiskDatabase {
        do throws(StorageError) {
            let clock: (() -> Int64)? = fixedClock ? { Int64(today.rawValue) * 86_400 } : nil
            var options = StoreOptions()
            options.expectedHead = expectedHead
            let db = try DiskDatabase.open(at: path, readOnly: readOnly, today: today, options: options, clock: clock)
            db.clockIsFixed = fixedClock
            let template = ShellRunner.makeRegistry(today: today, fixedClock: fixedClock)
            db.registry.actor = template.actor
            if !fixedClock { db.registry.clock = template.clock }
            return db
        } catch {
            // A read-only file system is a command-line matter (--read-only), not damage.
            throw ShellError(.storage(error.id), status: error.kind == .readOnlyFileSystem ? 2 : 3)
        }
    }
}

extension ShellRunner {
    /// `--head`: the chain head of the registry at PATH, opened read-only (no lock is taken, so
    /// it works while a writer has the registry open). Damage found is reported and is exit 3.
    func printHead(_ path: String) -> Int32 {
        let today = explicitToday ?? ShellRunner.clockToday()
        if let backend, backend.handles(path) {
            do throws(ShellError) {
                let db = try openAny(path, readOnly: true, today: today)
                defer { db.close() }
                if let chain = db as? ChainDatabase { output.write("\(chain.chainHead)\n") }
                return 0
            } catch {
                ErrorSink.write("xueji: \(error)\n")
                return error.status
            }
        }
        do throws(ShellError) {
            let db = try ShellRunner.openDatabase(path: path, readOnly: true, today: today, fixedClock: true,
                                                  expectedHead: options.expectedHead)
            defer { db.close() }
            for w in db.warnings { ErrorSink.write(ShellMessage.warning("\(w)").text + "\n") }
            output.write("\(db.chainHead)\n")
            return db.foundDamage ? 3 : 0
        } catch {
            ErrorSink.write("xueji: \(error)\n")
            return error.status
        }
    }

    /// `--salvage NEW`: a new registry from the longest readable prefix of PATH's journal.
    func salvage(_ path: String, to newPath: String) -> Int32 {
        do throws(StorageError) {
            let report = try DiskDatabase.salvage(from: path, to: newPath, today: explicitToday ?? ShellRunner.clockToday())
            output.write(report.description + "\n")
            return 0
        } catch {
            ErrorSink.write("xueji: \(error.message)\n")
            return error.kind == .refused ? 2 : 3
        }
    }
}
