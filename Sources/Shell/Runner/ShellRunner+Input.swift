import Foundation
import RQL
import Registry

/// Reading statements: files, `-c`, piped stdin and the interactive editor all go through the
/// same `StatementBuffer`, so a statement runs as soon as the line completing it arrives.
extension ShellRunner {
    /// Runs a script file (`-f`, `.read`); a missing file is a failed statement.
    func runFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            report(ShellMessage.cannotRead(file: path).text)
            return
        }
        readingFiles.append(ReadingFile(path: ShellRunner.realPath(path), name: path))
        defer { readingFiles.removeLast() }
        runBytes([UInt8](data), fileName: path)
    }

    /// Runs text line by line as a script (`-c`).
    func runText(_ text: String, fileName: String) {
        runBytes(Array(text.utf8), fileName: fileName)
    }

    /// Runs script bytes line by line; lines are checked for UTF-8 one by one (`InputLines`).
    func runBytes(_ bytes: [UInt8], fileName: String) {
        var input = ScriptInput()
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (i, raw) in lines.enumerated() {
            if stopping { return }
            if editor == nil, LineEditor.interruptPending { interrupted(change: false); return }
            feed(raw, into: &input, fileName: fileName, lineNumber: i + 1)
        }
        finishInput(&input, fileName: fileName)
    }

    /// Reads a pipe line by line (not all at once), answering each statement immediately.
    func runStandardInput() {
        var input = ScriptInput()
        var reader = InputLines.Reader(fileDescriptor: 0)
        var n = 0
        while !stopping, let line = reader.next() {
            n += 1
            feed(line[...], into: &input, fileName: "<stdin>", lineNumber: n)
        }
        if !stopping, LineEditor.interruptPending { interrupted(change: false); return }
        finishInput(&input, fileName: "<stdin>")
    }

    /// A statement left open at end of input still runs (to report what it lacks).
    func finishInput(_ input: inout ScriptInput, fileName: String) {
        if !stopping, let rest = input.buffer.finish(), input.mayRun(rest) { runUnfinished(rest, fileName: fileName) }
    }

    /// One input line as bytes: a `#!` first line is skipped; a line that is not UTF-8 is refused
    /// as a failed statement, at the column of its first bad byte, and never run.
    func feed(_ raw: ArraySlice<UInt8>, into input: inout ScriptInput, fileName: String, lineNumber: Int) {
        let bytes = raw.last == 0x0D ? raw.dropLast() : raw
        if lineNumber == 1 && bytes.starts(with: [0x23, 0x21]) { _ = input.buffer.append(line: ""); return }
        if let line = String(validating: bytes, as: UTF8.self) {
            feed(line, into: &input, fileName: fileName, lineNumber: lineNumber)
            return
        }
        let (d, shown) = InputLines.invalidUTF8(bytes, lineNumber: lineNumber)
        fail(d, source: shown, fileName: fileName)
        // The line still counts for continuation (its statement's other lines are not run
        // as statements of their own), but no chunk holding it runs.
        input.refusedLine = lineNumber
        if input.buffer.isEmpty && DotCommand.isDotCommand(shown) { _ = input.buffer.append(line: ""); return }
        feed(shown, into: &input, fileName: fileName, lineNumber: lineNumber)
    }

    /// One input line: a dot command (only between statements) or part of a statement.
    func feed(_ line: String, into input: inout ScriptInput, fileName: String?, lineNumber: Int) {
        if input.buffer.isEmpty && DotCommand.isDotCommand(line) {
            _ = input.buffer.append(line: "")          // keep line numbers in step
            lineAboveEndedStatement = false
            runDot(line, fileName: fileName, lineNumber: lineNumber)
            return
        }
        let startsChunk = input.buffer.isEmpty
        let chunk = input.buffer.append(line: line)
        let continuesAbove = startsChunk && lineAboveEndedStatement
        lineAboveEndedStatement = chunk != nil
        if let chunk, input.mayRun(chunk) { runChunk(chunk, fileName: fileName, afterStatementLine: continuesAbove) }
    }

    /// The incomplete statement left at end of input. Its last newline is dropped, so an error
    /// at its end ("expected ')'") points after its last character, on its last line, not at
    /// column 1 of a line past the end of the file. (Lexed again: once, at end of input.)
    func runUnfinished(_ chunk: StatementBuffer.Chunk, fileName: String?) {
        let text = chunk.text.hasSuffix("\n") ? String(chunk.text.dropLast()) : chunk.text
        runChunk(StatementBuffer.Chunk(text: text, firstLine: chunk.firstLine), fileName: fileName)
    }

    /// Parses (with the tokens the buffer lexed) and runs a chunk of complete statements;
    /// errors go to stderr with a caret.
    /// `afterStatementLine`: the line above this chunk was a complete statement, so a chunk
    /// beginning with a clause keyword (`where`, `order`, …) was meant to continue it.
    func runChunk(_ chunk: StatementBuffer.Chunk, fileName: String?, afterStatementLine: Bool = false) {
        let parsed = RQLParser.parse(chunk)
        for (i, item) in parsed.items.enumerated() {
            if stopping { return }
            switch item {
            case .statement(let s):
                execute(s, source: chunk.text, fileName: fileName)
            case .error(let d):
                let d = i == 0 && afterStatementLine ? ShellRunner.continuationAdvice(d) : d
                fail(d, source: chunk.text, fileName: fileName)
            }
        }
    }

    /// The parser sees one chunk at a time, so it cannot know that a line beginning with a
    /// clause keyword follows a complete statement; the runner does, and says how to continue
    /// the line above (RQL.md: "an error that says how to continue the line above").
    static func continuationAdvice(_ d: Diagnostic) -> Diagnostic {
        guard case .statementCannotBegin(let word) = d.id else { return d }
        return Diagnostic(.lineCannotBegin(word: word), at: d.span, rule: d.rule)
    }

    /// Runs one statement, rendering its output or its error. Ctrl-C while it runs stops it
    /// (the engine undoes a change), and stops printing a long result.
    func execute(_ s: ParsedStatement, source: String, fileName: String?) {
        if LineEditor.interruptPending { interrupted(change: false); return }
        let clock = timer ? RunTimer() : nil
        let bar = ProgressBar(label: s.text.split(separator: " ").first.map(String.init) ?? "")
        session.progress = bar.callback
        let cancellation = session.database.cancellation
        InterruptWatch.shared.begin(cancellation)
        defer { session.progress = nil; bar.finish(); showNewWarnings() }
        // `.once FILE` takes this statement's result (or its failure: the file is then empty).
        let target = onceOutput ?? output
        defer { onceOutput = nil }
        do {
            let items = try session.execute(s)
            InterruptWatch.shared.end()
            // For programs, standard output holds only results: warnings and notes go to standard
            // error (a change's own message is not repeated there: its acknowledgement row says it).
            if mode.isForPrograms {
                for (i, item) in items.enumerated() {
                    guard case .message(let m) = item else { continue }
                    if i + 1 < items.count, case .acknowledgement = items[i + 1] { continue }
                    ErrorSink.write(TextLayout.message(m) + "\n")
                }
            }
            let renderer = mode.renderer(options: RenderOptions(headers: headers, width: target.isTerminal ? target.width : nil,
                                                                     language: mode.isForPrograms ? explicitLanguage ?? .en : Language.current))
            var text = renderer.render(maxRows > 0 ? items.map { ShellRunner.cut($0, to: maxRows) } : items)
            if let clock { text += clock.report() + "\n" }
            bar.finish()
            // At the prompt, a result taller than the terminal goes through the pager (psql's way).
            if pager, editor != nil, onceOutput == nil, target.path == nil, let rows = TerminalSize.rows(), Pager.isTaller(text, than: rows),
               let command = Pager.command(), Pager.show(TerminalText.toTerminal(text), with: command) {
                _ = LineEditor.takeInterrupt()          // q or Ctrl-C in the pager ends the paging, nothing else
                return
            }
            if !target.write(text, stoppingOnInterrupt: true) { interrupted(change: false) }
        } catch {
            InterruptWatch.shared.end()
            if cancellation.isCancelled || LineEditor.interruptPending {
                bar.finish()
                interrupted(change: !s.statement.isQuery, failed: true)
                return
            }
            if let clock { output.write(clock.report() + "\n") }
            fail(error, source: source, fileName: fileName)
        }
    }

    /// A table cut to its first `n` rows (`.maxrows`), saying how many were left out.
    static func cut(_ item: OutputItem, to n: Int) -> OutputItem {
        guard case .table(var t) = item, t.rows.count > n, t.style != .record else { return item }
        let more = t.rows.count - n
        t.rows.removeLast(more)
        t.footer = (t.footer.map { $0 + "; " } ?? "") + "\(more) more row\(more == 1 ? "" : "s") not shown (.maxrows 0 shows all)"
        return .table(t)
    }

    /// After Ctrl-C stopped a statement (or its output): says so; a script stops there with
    /// exit status 130 (its open transaction is then rolled back); the prompt comes back.
    /// `failed`: the statement itself was stopped (it failed, as inside a transaction any failure
    /// aborts it); not when only its printing was, or it had not started.
    func interrupted(change: Bool, failed: Bool = false) {
        _ = LineEditor.takeInterrupt()
        session.database.cancellation.reset()
        if failed { session.statementFailed() }
        // The terminal echoed `^C` where the cursor was: start a line of our own.
        let newline = isatty(2) == 1 ? "\n" : ""
        ErrorSink.write(newline + ShellMessage.interrupted(change: change).text + "\n")
        // The rest of the script (or of a `.read` file at the prompt) is not run.
        stopping = true
        if editor == nil { wasInterrupted = true }
    }

    /// Shows the database's warnings added since the last ones shown.
    func showNewWarnings() {
        let all = session.database.warnings
        guard all.count > warningsShown else { warningsShown = min(warningsShown, all.count); return }
        for w in all[warningsShown...] { ErrorSink.write(ShellMessage.warning("\(w)").text + "\n") }
        warningsShown = all.count
    }

    /// Reports a diagnostic and applies `--bail`.
    func fail(_ d: Diagnostic, source: String, fileName: String?) {
        failed = true
        session.statementFailed()          // a parse error aborts an open transaction too
        var text = DiagnosticRenderer.render(d, source: source, fileName: fileName)
        if !text.hasSuffix("\n") { text += "\n" }
        ErrorSink.write(text)
        if bail { stopping = true }
    }

    /// Reports a shell-level failure (not a statement) and applies `--bail`.
    func report(_ message: String) {
        failed = true
        ErrorSink.write(message + "\n")
        if bail { stopping = true }
    }
}
