import Foundation
import RQL
import Registry

/// Reading statements: files, `-c`, piped stdin and the interactive editor all go through the
/// same `StatementBuffer`, so a statement runs as soon as the line completing it arrives.
extension ShellRunner {
    /// Runs a script file (`-f`, `.read`); a missing file is a failed statement.
    func runFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            report("xueji: cannot read \(path)")
            return
        }
        runText(String(decoding: data, as: UTF8.self), fileName: path)
    }

    /// Runs text line by line as a script.
    func runText(_ text: String, fileName: String) {
        var buffer = StatementBuffer()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (i, raw) in lines.enumerated() {
            if stopping { return }
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if i == 0 && line.hasPrefix("#!") { _ = buffer.append(line: ""); continue }
            feed(line, into: &buffer, fileName: fileName, lineNumber: i + 1)
        }
        if !stopping, let rest = buffer.finish() { runUnfinished(rest, fileName: fileName) }
    }

    /// Reads a pipe line by line (not all at once), answering each statement immediately.
    func runStandardInput() {
        var buffer = StatementBuffer()
        var n = 0
        while !stopping, let line = Swift.readLine(strippingNewline: true) {
            n += 1
            if n == 1 && line.hasPrefix("#!") { _ = buffer.append(line: ""); continue }
            feed(line.hasSuffix("\r") ? String(line.dropLast()) : line, into: &buffer, fileName: "<stdin>", lineNumber: n)
        }
        if !stopping, let rest = buffer.finish() { runUnfinished(rest, fileName: "<stdin>") }
    }

    /// One input line: a dot command (only between statements) or part of a statement.
    func feed(_ line: String, into buffer: inout StatementBuffer, fileName: String?, lineNumber: Int) {
        if buffer.isEmpty && DotCommand.isDotCommand(line) {
            _ = buffer.append(line: "")          // keep line numbers in step
            lineAboveEndedStatement = false
            runDot(line, fileName: fileName, lineNumber: lineNumber)
            return
        }
        let startsChunk = buffer.isEmpty
        let chunk = buffer.append(line: line)
        let continuesAbove = startsChunk && lineAboveEndedStatement
        lineAboveEndedStatement = chunk != nil
        if let chunk { runChunk(chunk.text, firstLine: chunk.firstLine, fileName: fileName, afterStatementLine: continuesAbove) }
    }

    /// The incomplete statement left at end of input. Its last newline is dropped, so an error
    /// at its end ("expected ')'") points after its last character, on its last line, not at
    /// column 1 of a line past the end of the file.
    func runUnfinished(_ chunk: StatementBuffer.Chunk, fileName: String?) {
        let text = chunk.text.hasSuffix("\n") ? String(chunk.text.dropLast()) : chunk.text
        runChunk(text, firstLine: chunk.firstLine, fileName: fileName)
    }

    /// Parses and runs a chunk of complete statements; errors go to stderr with a caret.
    func runChunk(_ chunk: StatementBuffer.Chunk, fileName: String?) {
        runChunk(chunk.text, firstLine: chunk.firstLine, fileName: fileName)
    }

    /// Parses and runs complete statements whose first line is numbered `firstLine`.
    /// `afterStatementLine`: the line above this chunk was a complete statement, so a chunk
    /// beginning with a clause keyword (`where`, `order`, …) was meant to continue it.
    func runChunk(_ text: String, firstLine: Int, fileName: String?, afterStatementLine: Bool = false) {
        let chunk = (text: text, firstLine: firstLine)
        let parsed = RQLParser.parse(chunk.text, firstLine: chunk.firstLine)
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
        let prefix = "a statement cannot begin with '"
        guard d.message.hasPrefix(prefix) else { return d }
        let word = d.message.dropFirst(prefix.count).dropLast()
        return Diagnostic("a line cannot begin with '\(word)': end the line above with '\\' to continue it",
                          at: d.span, rule: d.rule, hint: "the line above was a complete statement, so it ended there")
    }

    /// Runs one statement, rendering its output or its error.
    func execute(_ s: ParsedStatement, source: String, fileName: String?) {
        let clock = timer ? RunTimer() : nil
        let bar = ProgressBar(label: s.text.split(separator: " ").first.map(String.init) ?? "")
        session.progress = bar.callback
        defer { session.progress = nil; bar.finish() }
        do {
            let items = try session.execute(s)
            let renderer = mode.renderer(options: RenderOptions(headers: headers, width: output.isTerminal ? output.width : nil))
            var text = renderer.render(items)
            if let clock { text += clock.report() + "\n" }
            output.write(text)
        } catch {
            if let clock { output.write(clock.report() + "\n") }
            fail(error, source: source, fileName: fileName)
        }
    }

    /// Reports a diagnostic and applies `--bail`.
    func fail(_ d: Diagnostic, source: String, fileName: String?) {
        failed = true
        session.statementFailed()          // a parse error aborts an open transaction too
        var text = DiagnosticRenderer.render(d, source: source, fileName: fileName)
        if !text.hasSuffix("\n") { text += "\n" }
        ErrorSink.write(text)
        if options.bail { stopping = true }
    }

    /// Reports a shell-level failure (not a statement) and applies `--bail`.
    func report(_ message: String) {
        failed = true
        ErrorSink.write(message + "\n")
        if options.bail { stopping = true }
    }
}
