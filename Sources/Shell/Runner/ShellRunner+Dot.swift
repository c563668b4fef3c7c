import Foundation
import RQL
import Registry

/// Dot commands: the shell's own settings, never part of RQL.
extension ShellRunner {
    func runDot(_ line: String, fileName: String?, lineNumber: Int) {
        let command: DotCommand
        do throws(DotCommandError) { command = try DotCommand.parse(line) } catch {
            reportDot(error.message, line: line, fileName: fileName, lineNumber: lineNumber)
            return
        }
        do throws(ShellError) {
            if case .read(let file) = command {
                if !FileManager.default.isReadableFile(atPath: file) {
                    throw ShellError(.cannotReadFile(file: file, exists: FileManager.default.fileExists(atPath: file)))
                }
                try checkNotBeingRead(file)
            }
            try run(command)
        } catch {
            reportDot(error.description, line: line, fileName: fileName, lineNumber: lineNumber)
        }
    }

    /// A script that reads itself, directly or through others, would recurse until the stack
    /// overflows: `.read` of a file already being read is an error naming the cycle.
    func checkNotBeingRead(_ file: String) throws(ShellError) {
        let path = ShellRunner.realPath(file)
        if let k = readingFiles.firstIndex(where: { $0.path == path }) {
            let cycle = readingFiles[k...].map(\.name) + [file]
            throw ShellError(.alreadyBeingRead(file: file, cycle: cycle))
        }
        if readingFiles.count >= ShellRunner.maxReadDepth {
            throw ShellError(.readTooDeep(file: file, limit: ShellRunner.maxReadDepth))
        }
    }

    /// Deepest nesting of `.read`; each level holds a few stack frames.
    static let maxReadDepth = 64

    /// `path` with symbolic links, `.` and `..` resolved (itself when it cannot be resolved).
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A failed dot command. In a script it is reported like a statement (RQL.md, "The shell"):
    /// `FILE:LINE:COL: error: message`, the line, and a caret under the command.
    func reportDot(_ message: String, line: String, fileName: String?, lineNumber: Int) {
        guard let fileName else { report("error: \(message)"); return }
        let indent = line.prefix { $0 == " " || $0 == "\t" }
        let word = line.dropFirst(indent.count).prefix { !$0.isWhitespace }
        let shown = String(line.map { $0 == "\t" ? " " : $0 })
        report("\(fileName):\(lineNumber):\(indent.count + 1): error: \(message)\n\(shown)\n"
               + String(repeating: " ", count: indent.count) + "^" + String(repeating: "~", count: max(word.count - 1, 0)))
    }

    func run(_ command: DotCommand) throws(ShellError) {
        switch command {
        case .help(let topic):
            output.write(helpText(topic))
        case .open(let path):
            try leaveTransactionForOpen()
            let identity = session.identity
            session.database.close()
            session = Session(database: MemoryDatabase(ShellRunner.makeRegistry(today: session.registry.today, fixedClock: explicitToday != nil)))
            registryName = "memory"
            try openRegistry(path)
            // The actor goes along, where the new registry knows it by the same key (or is open).
            if let identity, session.registry.actor(identity.name).map({ $0.key == identity.key.publicKey }) ?? true {
                session.identity = identity
            }
        case .read(let file):
            runFile(file)
        case .mode(let m):
            if let m { mode = m } else { output.write("\(mode.rawValue)\n") }
        case .headers(let on):
            if let on { headers = on } else { output.write(headers ? "on\n" : "off\n") }
        case .timer(let on):
            if let on { timer = on } else { output.write(timer ? "on\n" : "off\n") }
        case .bail(let on):
            if let on { bail = on } else { output.write(bail ? "on\n" : "off\n") }
        case .once(let file):
            let target = OutputTarget()
            do throws(DotCommandError) { try target.redirect(to: file) } catch { throw ShellError(error.id) }
            onceOutput = target
        case .show:
            output.write(settings())
        case .pager(let on):
            if let on { pager = on } else { output.write(pager ? "on\n" : "off\n") }
        case .maxRows(let n):
            if let n { maxRows = n } else { output.write("\(maxRows)\n") }
        case .lang(let l):
            if let l { Language.current = l; explicitLanguage = l } else { output.write("\(Language.current.rawValue)\n") }
        case .output(let file):
            do throws(DotCommandError) { try output.redirect(to: file) } catch { throw ShellError(error.id) }
        case .today(let day):
            if let day {
                explicitToday = day
                session.registry.today = day
                session.registry.clock = { [unowned registry = session.registry] in Int64(registry.today.rawValue) * 86_400 }
            } else {
                output.write("\(session.registry.today)\n")
            }
        case .actAs(let actor, let keyFile):
            guard let name = ActorName(actor) else {
                throw ShellError(.notAnActor(text: actor, option: false))
            }
            let key = try ShellRunner.readKeyFile(keyFile)
            if let registered = session.registry.actor(name), registered.key != key.publicKey {
                throw ShellError(.notTheKey(path: keyFile, actor: "\(name)", registered: "\(registered.key)", option: false))
            }
            if session.inTransaction { throw ShellError(.actAsInTransaction) }
            try holdScope(of: name)
            session.identity = (name, key)
            note(.actingAs("\(name)"))
        case .checkpoint:
            guard let disk else { throw needsDirectory(".checkpoint") }
            do throws(RegistryError) { try disk.checkpoint() } catch { throw ShellError(.engine(error.id)) }
            note(.checkpointWritten)
        case .backup(let directory):
            guard let disk else { throw needsDirectory(".backup") }
            do throws(RegistryError) {
                let head = try disk.backup(to: directory)
                note(.backedUp(entries: Int(head.entries), directory: directory, head: "\(head)"))
            } catch { throw ShellError(.engine(error.id)) }
        case .sync(let normal):
            guard let disk else { throw needsDirectory(".sync") }
            disk.syncMode = normal ? .normal : .full
        case .quit:
            quitRequested = true
            stopping = true
        }
    }

    /// What a dot command did: on the output for people; on standard error in the modes for
    /// programs, whose standard output holds only results.
    func note(_ message: ShellMessage) {
        let text = message.text
        if mode.isForPrograms { ErrorSink.write(text + "\n") } else { output.write(text + "\n") }
    }

    /// What `.checkpoint`, `.backup` and `.sync` say where there is no registry directory.
    func needsDirectory(_ command: String) -> ShellError {
        ShellError(session.database is MemoryDatabase ? .needsDirectory(command: command) : .keptByServer(command: command))
    }

    /// `.show`: each setting on a line, as sqlite's `.show` prints them.
    func settings() -> String {
        let rows: [(String, String)] = [
            ("registry", session.database is MemoryDatabase ? "memory (nothing is saved)"
                : (session.database as? ChainDatabase)?.store.name ?? registryName),
            ("actor", session.identity.map { "\($0.name)" } ?? "none"),
            ("mode", mode.rawValue), ("headers", headers ? "on" : "off"), ("timer", timer ? "on" : "off"),
            ("bail", bail ? "on" : "off"), ("output", output.path ?? "stdout"),
            ("pager", pager ? "on (\(Pager.command() ?? "none: PAGER is empty"))" : "off"), ("maxrows", maxRows == 0 ? "0 (all)" : "\(maxRows)"), ("lang", Language.current.rawValue),
            ("today", "\(session.registry.today)" + (explicitToday == nil ? " (the clock's)" : " (set)")),
            ("read-only", session.isReadOnly || session.database.isReadOnly ? "yes" : "no"),
        ] + (session.registry.partial.map { p in
            [("holds", (p.scopes.isEmpty ? ShellMessage.holdsNamed(students: session.registry.studentCount)
                        : .holdsScopes(scopes: p.scopes.map { "\($0)" }.joined(separator: ", "), students: session.registry.studentCount)).text)]
        } ?? [])
        return rows.map { $0.0.padding(toLength: 10, withPad: " ", startingAt: 0) + " " + $0.1 }.joined(separator: "\n") + "\n"
    }

    /// `.open` would leave an open transaction: the REPL asks before rolling it back; a script
    /// is refused (it would lose work without anyone seeing the question).
    func leaveTransactionForOpen() throws(ShellError) {
        guard session.inTransaction else { return }
        guard let editor else {
            throw ShellError(.openInTransaction)
        }
        let saved = editor.prompt
        editor.prompt = ShellMessage.openQuestion.text
        defer { editor.prompt = saved }
        guard case .line(let answer) = editor.readLine(continuation: false),
              ["y", "yes", "是"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ShellError(.notOpened)
        }
        if let n = session.abandonTransaction() {
            ErrorSink.write(ShellMessage.rolledBack(changes: n).text + "\n")
        }
    }

    /// `.help`, `.help TOPIC`, and `.help rules R7` / `.help R7` for a rule's full text.
    /// The help on `topic`, wrapped to the terminal when the output is one.
    func helpText(_ topic: String?) -> String {
        let text = unwrappedHelpText(topic)
        guard output.isTerminal, let width = output.width else { return text }
        return HelpCatalog.wrap(text, to: width)
    }

    private func unwrappedHelpText(_ topic: String?) -> String {
        if let topic {
            let words = topic.split(separator: " ").map(String.init)
            let ruleWord = words.count == 2 && words[0].lowercased() == "rules" ? words[1] : words.count == 1 ? words[0] : ""
            if let rule = Rule(id: ruleWord) { return RuleHelp.text(for: rule) }
        }
        return HelpCatalog.standard.text(for: topic)
    }
}
