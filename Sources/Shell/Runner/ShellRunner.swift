import Foundation
import RQL
import Registry

/// The shell: reads statements (interactively, from scripts, from a pipe), runs them in a
/// `Session`, renders results, and keeps the exit status (0 ok, 1 a statement failed,
/// 3 damaged or locked registry).
public final class ShellRunner {
    let options: ShellOptions
    /// What opens `postgres://…` addresses (the executable's), if any.
    let backend: RegistryBackend?
    var session: Session
    var registryName: String
    var mode: OutputMode
    var headers = true
    var timer = false
    /// Database warnings already shown (later ones, such as damage found in a part of the
    /// registry image a statement first read, are shown after that statement).
    var warningsShown = 0
    let output = OutputTarget()
    /// Set when any statement failed (exit status 1).
    var failed = false
    /// Set by `.quit`, or by `--bail` after a failure.
    var stopping = false
    /// `--bail` / `.bail on`: stop a script at its first failing statement.
    var bail: Bool
    /// `.pager on|off`: at the prompt, a result taller than the terminal goes through the pager.
    var pager = true
    /// `.maxrows N`: at most N rows of each result are printed (0: all).
    var maxRows = 0
    /// The language `--lang` or `.lang` asked for; nil when it came from the locale (csv and
    /// json keys then stay English, so a script's output does not change with the machine).
    var explicitLanguage: Language?
    /// `.once FILE`: where the next statement's result goes (then back to `output`).
    var onceOutput: OutputTarget?
    /// Set when Ctrl-C stopped a script (exit status 130, as a shell reports SIGINT).
    var wasInterrupted = false
    var explicitToday: Day?
    /// The line editor while the REPL runs (to ask before `.open` drops a transaction).
    var editor: LineEditor?
    /// Lines of a statement typed so far (completion context on continuation lines).
    var pendingInput = ""
    /// Set by `.quit`: leave even the interactive loop.
    var quitRequested = false
    /// Whether the last input line completed a statement (a next line beginning with `where`
    /// was then meant to continue it; see `continuationAdvice`).
    var lineAboveEndedStatement = false
    /// Scripts being read (`-f`, nested `.read`), outermost first: `.read` of one of them is a cycle.
    var readingFiles: [ReadingFile] = []

    /// Prepares the shell; opening the registry may fail with exit status 3 (see `run`).
    /// `backend` opens the addresses that are not directories (`postgres://…`).
    public init(options: ShellOptions, backend: RegistryBackend? = nil) {
        self.options = options
        self.backend = backend
        mode = options.mode
        bail = options.bail
        explicitToday = options.today
        let today = options.today ?? ShellRunner.clockToday()
        session = Session(database: MemoryDatabase(ShellRunner.makeRegistry(today: today, fixedClock: options.today != nil)))
        registryName = "memory"
    }

    /// Today from the system clock, in the registry's time zone: Asia/Shanghai (the national
    /// registry's day), or `XUEJI_TIMEZONE` when set — not the machine's zone, which on a
    /// server is often UTC and would date everything done before 08:00 Beijing time a day early.
    static func clockToday(now: Date = Date(), environment: [String: String] = ProcessInfo.processInfo.environment) -> Day {
        let zone = environment["XUEJI_TIMEZONE"].flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Asia/Shanghai")!
        let local = now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now))
        return Day(rawValue: Int32((local / 86_400).rounded(.down)))
    }

    /// A registry whose recorded-at times come from the real clock, or — when today was
    /// fixed with `--today` / `.today` — midnight of that day, so demos are reproducible.
    static func makeRegistry(today: Day, fixedClock: Bool) -> Registry {
        let r = Registry(today: today)
        if !fixedClock { r.clock = { Int64(Date().timeIntervalSince1970) } }
        r.actor = ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 } ?? "xueji"
        return r
    }

    /// Runs everything the options ask for and returns the exit status.
    public func run() -> Int32 {
        let env = ProcessInfo.processInfo.environment
        explicitLanguage = options.language
        Language.current = options.language ?? Language(locale: env["LC_ALL"].flatMap { $0.isEmpty ? nil : $0 }
                                                        ?? env["LC_MESSAGES"].flatMap { $0.isEmpty ? nil : $0 } ?? env["LANG"])
        if let note = TerminalText.setUp(), LineEditor.stdinIsTerminal { ErrorSink.write("xueji: note: \(note)\n") }
        var registryPath = options.registryPath
        var scripts = options.scripts
        // `#!/usr/bin/env xueji` makes the kernel run `xueji ./script.rql`: a file, not a
        // registry directory, in the PATH position is a script on the in-memory registry.
        var isDirectory: ObjCBool = false
        if let p = registryPath, FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory), !isDirectory.boolValue {
            scripts.insert(p, at: 0)
            registryPath = nil
        }
        let readsStandardInput = scripts.isEmpty && options.commands.isEmpty
        if let path = registryPath, options.printHead { return printHead(path) }
        if let path = registryPath, let newPath = options.salvageTo { return salvage(path, to: newPath) }
        if let path = registryPath, let target = options.copyTo { return copy(path, to: target) }
        if let path = registryPath {
            do throws(ShellError) { try openRegistry(path) } catch {
                ErrorSink.write("xueji: \(error)\n")
                return error.status
            }
        }
        session.isReadOnly = session.isReadOnly || options.readOnly
        LineEditor.catchInterrupts()
        do throws(ShellError) { try adoptIdentity() } catch {
            ErrorSink.write("xueji: \(error)\n")
            session.database.close()
            return error.status
        }
        for script in scripts where !stopping {
            runFile(script)
        }
        for (i, command) in options.commands.enumerated() where !stopping {
            let raw = i < options.commandBytes.count ? options.commandBytes[i] : nil
            runBytes(raw ?? Array(command.utf8), fileName: options.commands.count == 1 ? "-c" : "-c#\(i + 1)")
        }
        if readsStandardInput && !stopping {
            if LineEditor.stdinIsTerminal { runInteractive() } else { runStandardInput() }
        }
        if let n = session.abandonTransaction() {
            // psql's rule: input that ends inside a transaction loses it, says so, and fails.
            ErrorSink.write("xueji: " + ShellMessage.transactionStillOpen(changes: n).text + "\n")
            failed = true
        }
        session.database.close()
        if wasInterrupted { return 130 }
        return failed ? 1 : 0
    }
}

/// A script on the stack of files being read: its resolved path (to spot a cycle) and its name as written.
struct ReadingFile {
    var path: String
    var name: String
}

/// The state of one script or pipe being fed to the shell.
struct ScriptInput {
    /// Lines of the statement not yet complete.
    var buffer = StatementBuffer()
    /// The last line refused as invalid UTF-8: a chunk reaching back to it does not run.
    var refusedLine = Int.min

    /// Whether `chunk` holds no refused line. A chunk ends at the line just fed, which is at or
    /// after the last refused line, so it holds one exactly when it starts at or before it.
    func mayRun(_ chunk: StatementBuffer.Chunk) -> Bool { chunk.firstLine > refusedLine }
}
