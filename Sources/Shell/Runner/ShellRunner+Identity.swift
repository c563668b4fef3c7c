import Foundation
import Registry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--as ACTOR --key FILE` (or `XUEJI_AS` / `XUEJI_KEY`): who the session acts as in a governed
/// registry, proven by the private key that signs its journal entries (WORKFLOW.md, "Sessions").
extension ShellRunner {
    /// Reads the key file and sets the session's identity; a bad actor, an unreadable, open
    /// or malformed key file, or a key that is not the actor's registered one is a bad
    /// command line (exit 2).
    func adoptIdentity() throws(ShellError) {
        let env = ProcessInfo.processInfo.environment
        guard let actorText = options.actor ?? env["XUEJI_AS"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if options.keyPath != nil { throw ShellError(.keyNeedsActor, status: 2) }
            return
        }
        guard let actor = ActorName(actorText) else {
            throw ShellError(.notAnActor(text: actorText, option: true), status: 2)
        }
        guard let path = options.keyPath ?? env["XUEJI_KEY"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            throw ShellError(.actorNeedsKey(actor: "\(actor)"), status: 2)
        }
        let key = try ShellRunner.readKeyFile(path)
        if let registered = session.registry.actor(actor), registered.key != key.publicKey {
            throw ShellError(.notTheKey(path: path, actor: "\(actor)", registered: "\(registered.key)", option: true), status: 2)
        }
        try holdScope(of: actor)
        session.identity = (actor, key)
    }

    /// A session holding one scope's students (on a server) holds `actor`'s too; as `national`
    /// it holds the students named, and all of them once a statement reads every student.
    func holdScope(of actor: ActorName) throws(ShellError) {
        guard actor.level != .national, let chain = session.database as? ChainDatabase else { return }
        do throws(StorageError) { try chain.hold(actor) } catch {
            throw ShellError(.storage(error.id), status: 3)
        }
    }

    /// A private key file: refused, as ssh refuses one, when its group or others may read it.
    static func readKeyFile(_ path: String) throws(ShellError) -> SigningKey {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ShellError(.cannotReadKey(path: path, why: String(cString: strerror(errno))), status: 2) }
        if st.st_mode & 0o077 != 0 {
            throw ShellError(.keyReadableByOthers(path: path, mode: String(st.st_mode & 0o777, radix: 8)), status: 2)
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8),
              let key = SigningKey(fileText: text) else {
            throw ShellError(.notAKey(path: path), status: 2)
        }
        return key
    }

    /// `xueji keygen --out FILE`: a new private key in FILE (0600, never over an existing file).
    /// Returns the exit status and what to print: the public key to register with
    /// `add actor … key "…"` (status 0, standard output), or why not (standard error).
    public static func keygen(out path: String) -> (status: Int32, text: String) {
        do throws(ShellError) { return (0, try writeNewKey(path)) } catch { return (error.status, "xueji: \(error)") }
    }

    static func writeNewKey(_ path: String) throws(ShellError) -> String {
        let key = SigningKey()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ShellError(.cannotCreateKey(path: path, why: String(cString: strerror(errno)), exists: errno == EEXIST), status: 2)
        }
        defer { close(fd) }
        let bytes = Array(key.fileText.utf8)
        guard fchmod(fd, 0o600) == 0, write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw ShellError(.cannotWriteKey(path: path, why: String(cString: strerror(errno))), status: 2)
        }
        return key.publicKey.description
    }
}
