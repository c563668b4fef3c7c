import Foundation
import Registry

/// `--copy-to TARGET`: a registry moved between backends with its whole journal, the entries
/// byte for byte, so their chain and signatures verify on the other end.
extension ShellRunner {
    /// Copies the registry at `path` (a directory or a backend address) to `target` (an empty
    /// database, or a new directory); says what it copied. 0 copied; 2 refused; 3 damage or unreachable.
    func copy(_ path: String, to target: String) -> Int32 {
        let today = explicitToday ?? ShellRunner.clockToday()
        do throws(ShellError) {
            let source = try openAny(path, readOnly: true, today: today)
            defer { source.close() }
            let entries: [ChainedEntry]
            do throws(StorageError) { entries = try source.chainedEntries() } catch { throw ShellError(.storage(error.id)) }
            // (A session on a server may hold only the students named: the copy counts them.)
            var students = source.registry.studentCount
            let head = entries.last.map { ChainHead(entries: $0.sequence, hash: $0.hash) } ?? ChainHead(entries: 0, hash: JournalChain.genesis)
            var relinked: ChainHead?
            if let backend, backend.handles(target) {
                do throws(StorageError) { students = try backend.copyIn(entries, target, today) } catch {
                    throw ShellError(.storage(error.id), status: error.kind == .refused ? 2 : 3)
                }
            } else {
                if backend?.handles(path) == true && source.registry.isGoverned { throw ShellError(.copyBackNeedsOpenRegistry, status: 2) }
                if FileManager.default.fileExists(atPath: target) { throw ShellError(.copyTargetExists(target), status: 2) }
                do throws(StorageError) {
                    let db = try DiskDatabase.open(at: target, today: today)
                    defer { db.close() }
                    try db.appendCopied(entries)
                    students = db.registry.studentCount
                    // A server's chains by province are one chain here.
                    if db.chainHead != head { relinked = db.chainHead }
                } catch {
                    throw ShellError(.storage(error.id), status: 3)
                }
            }
            let said: ShellMessage = relinked.map {
                .copiedRelinked(entries: entries.count, students: students, from: path, to: target, head: $0.description, sourceHead: head.description)
            } ?? .copied(entries: entries.count, students: students, from: path, to: target, head: head.description)
            output.write(said.text + "\n")
            return 0
        } catch {
            ErrorSink.write("xueji: \(error)\n")
            return error.status
        }
    }
}

extension ShellRunner {
    /// `xueji pg init ADDRESS` and `xueji pg move ADDRESS PROVINCE --to SHARD`: the exit status
    /// and what to print (0 done; 2 usage or refused; 3 unreachable or refused by the server).
    public static func pg(_ args: [String], backend: RegistryBackend, language: Language?) -> (status: Int32, text: String) {
        Language.current = language ?? Language(locale: ProcessInfo.processInfo.environment["LANG"])
        if args.first == "move" { return pgMove(Array(args.dropFirst()), backend: backend) }
        guard args.count >= 2, args[0] == "init", backend.handles(args[1]) else { return (2, ShellMessage.pgUsage.text) }
        var shards: [String] = []
        var rest = args.dropFirst(2)
        while let flag = rest.first {
            guard flag == "--shard", rest.count >= 2, backend.handles(rest[rest.startIndex + 1]) else { return (2, ShellMessage.pgUsage.text) }
            shards.append(rest[rest.startIndex + 1])
            rest = rest.dropFirst(2)
        }
        do throws(StorageError) {
            let (applied, version, placed) = try backend.initialize(args[1], shards)
            let address = args[1]
            let lines = [applied.isEmpty ? ShellMessage.schemaCurrent(address: address, version: version).text
                         : ShellMessage.schemaMigrated(address: address, version: version, applied: applied).text]
                + placed.map { ShellMessage.shardHolds(name: $0.0, address: $0.1, partitions: $0.2).text }
            return (0, lines.joined(separator: "\n"))
        } catch {
            return (error.kind == .refused ? 2 : 3, "xueji: " + ShellMessage.storage(error.id).text)
        }
    }

    /// `xueji pg move ADDRESS PROVINCE --to SHARD`.
    private static func pgMove(_ args: [String], backend: RegistryBackend) -> (status: Int32, text: String) {
        guard args.count == 4, backend.handles(args[0]), args[2] == "--to" else { return (2, ShellMessage.pgUsage.text) }
        do throws(StorageError) {
            let m = try backend.move(args[0], args[1], args[3])
            var lines = [m.from == m.to ? ShellMessage.provinceAlreadyThere(partition: args[1], shard: m.to).text
                         : ShellMessage.provinceMoved(partition: args[1], from: m.from, to: m.to, students: m.students,
                                                      events: m.events, versions: m.versions).text]
            if let left = m.leftOn { lines.append(ShellMessage.provinceCopyLeft(partition: args[1], shard: left).text) }
            lines += m.shards.map { ShellMessage.shardHolds(name: $0.0, address: $0.1, partitions: $0.2).text }
            return (0, lines.joined(separator: "\n"))
        } catch {
            return (error.kind == .refused ? 2 : 3, "xueji: " + ShellMessage.storage(error.id).text)
        }
    }
}
