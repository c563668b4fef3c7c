import Foundation
import RQL
import Registry

/// The REPL: libedit line editing, a prompt naming the registry, a continuation prompt while
/// a statement is incomplete, Ctrl-C abandoning the input, Ctrl-D leaving.
extension ShellRunner {
    /// The prompt: `xueji:NAME> `, with `*` while a transaction is open and `!` once an error
    /// aborted it (psql's `=!>`): only rollback ends it then.
    var prompt: String {
        let mark = switch session.database.transaction { case .none: ""; case .open: "*"; case .aborted: "!" }
        let actor = session.identity.map { " \($0.name)" } ?? ""
        return "xueji:\(registryName)\(actor)\(mark)> "
    }

    func runInteractive() {
        let editor = LineEditor(prompt: prompt)
        self.editor = editor
        defer { self.editor = nil }
        let registry = { [unowned self] in self.session.registry }
        editor.completion = { [unowned self] before in
            self.completer(registry()).candidates(for: self.pendingInput + before)
        }
        output.write(banner())
        var buffer = StatementBuffer()
        var statementLines: [String] = []
        while !stopping {
            editor.prompt = prompt
            pendingInput = buffer.pending
            switch editor.readLine(continuation: !buffer.isEmpty) {
            case .endOfFile:
                if !buffer.isEmpty, let rest = buffer.finish() { runUnfinished(rest, fileName: nil) }
                output.write("\n")
                return
            case .interrupted:
                buffer.reset()
                statementLines = []
                lineAboveEndedStatement = false
            case .line(let line):
                if buffer.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { lineAboveEndedStatement = false; continue }
                if buffer.isEmpty && DotCommand.isDotCommand(line) {
                    editor.addHistory(line)
                    lineAboveEndedStatement = false
                    runDot(line, fileName: nil, lineNumber: 1)
                    continue
                }
                let continuesAbove = buffer.isEmpty && lineAboveEndedStatement
                // Interactive errors point into what was just typed: number lines from 1.
                if buffer.isEmpty { buffer = StatementBuffer() }
                statementLines.append(line)
                let chunk = buffer.append(line: line)
                lineAboveEndedStatement = chunk != nil
                if let chunk {
                    editor.addHistory(statementLines.joined(separator: "\n"))
                    statementLines = []
                    // The rest of a line after `a;` may start on a later line: renumber it.
                    let typed = chunk.firstLine == 1 ? chunk : StatementBuffer.Chunk(text: chunk.text, firstLine: 1)
                    runChunk(typed, fileName: nil, afterStatementLine: continuesAbove)
                }
            }
            // Interactive mode keeps going after errors; only .quit stops it.
            if stopping && !quitRequested { stopping = false }
        }
    }

    /// The greeting: version, what is open, how to get help.
    func banner() -> String {
        let r = session.registry
        let second: ShellMessage = session.database is MemoryDatabase ? .greetingInMemory
            : r.partial.map { $0.scopes.isEmpty
                ? .greetingNamed(name: registryName, students: r.studentCount, schools: r.schools.count, today: "\(r.today)")
                : .greetingScope(name: registryName, scopes: $0.scopes.map { "\($0)" }.joined(separator: ", "),
                                 students: r.studentCount, schools: r.schools.count, today: "\(r.today)") }
            ?? .greetingRegistry(name: registryName, students: r.studentCount, schools: r.schools.count, today: "\(r.today)")
        return ShellMessage.greeting(version: ShellInfo.version).text + "\n" + second.text + "\n"
    }

    /// Tab completion over the live registry: school codes and registry numbers by prefix;
    /// the lines already typed of a continued statement give the context.
    func completer(_ registry: Registry) -> Completer {
        let box = RegistryBox(registry: registry)
        var c = Completer(
            // Listed with their names, so a code can be picked by the school it names.
            schoolCodes: { prefix in
                box.registry.schools.filter { $0.code.description.hasPrefix(prefix) }
                    .map { CompletionPlan.labelled($0.code.description, $0.name) }
            },
            registryNumbers: { prefix in box.numbers(prefix) },
            helpTopics: HelpCatalog.standard.topics)
        c.actors = { box.registry.registeredActors.filter { !$0.isRevoked }.map(\.name.description) }
        c.openRequests = { box.registry.requests.filter { $0.status == .open }.map { "#\($0.number)" } }
        return c
    }
}

/// Lets completion closures (which must be `Sendable`) read the registry on the shell's one thread.
struct RegistryBox: @unchecked Sendable {
    let registry: Registry

    /// Registry numbers with the prefix; stops at 100 so Tab stays instant on large registries.
    func numbers(_ prefix: String) -> [String] {
        let p = prefix.uppercased()
        guard p.first == "G" || p.first == "L" || p.first == "J" else { return [] }
        var out: [String] = []
        for i in 0..<Int32(registry.studentCount) {
            let n = registry.student(StudentID(i)).number.description
            if n.hasPrefix(p) { out.append(n); if out.count == 100 { break } }
        }
        return out.sorted()
    }
}
