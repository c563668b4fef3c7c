import ArgumentParser
import Foundation
import Registry
import Shell
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `xueji` command line; parsing only, the shell itself lives in the Shell module.
@main
struct XuejiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xueji",
        abstract: "Student registry shell (学籍): RQL statements, interactively or from scripts.",
        discussion: """
            xueji keeps a student registry (学籍): schools and students, every change journaled and \
            checked against the registry rules R1–R17 and R23 (and R18–R22 in a governed registry, \
            --as ACTOR --key FILE). PATH is a registry directory (created, mode \
            0700, when missing), or a PostgreSQL database (postgres://USER@HOST:PORT/DB, \
            made with `xueji pg init`); without PATH the registry lives in memory and nothing is saved. \
            When stdin is a terminal the shell is interactive (line editing, history in \
            ~/.xueji_history or $XUEJI_HISTORY, Tab completion); otherwise it reads statements from \
            stdin, answering each one as soon as its last line arrives. A file in the PATH position \
            is run as a script, so `#!/usr/bin/env xueji` scripts work. Type .help in the shell for \
            every statement and dot command, with examples.

            EXAMPLES
              xueji luoyang.xj                               open (or create) a registry
              xueji luoyang.xj --today 2025-11-01 -f term-start.rql --bail
              xueji luoyang.xj -c 'count by school.name' --mode csv > counts.csv
              echo 'check dropouts' | xueji luoyang.xj --read-only
              xueji luoyang.xj --head > /mnt/usb/head.txt     file the chain head away
              xueji luoyang.xj --expect-head "$(cat /mnt/usb/head.txt)" -c verify
              xueji damaged.xj --salvage rescued.xj           keep what can be read
              xueji generate --students 1000000 --seed 42 --out /tmp/henan
              xueji keygen --out national.key                 prints the public key to register
              xueji pg init postgres://xueji@db/henan        schema on PostgreSQL
              xueji pg move postgres://xueji@db/cn 41 --to shard3  Henan's rows to shard3
              xueji luoyang.xj --copy-to postgres://xueji@db/henan
              xueji postgres://xueji@db/henan --as county:410303 --key c.key
              xueji luoyang.xj --as national --key national.key

            EXIT STATUS
              0  every statement succeeded
              1  a statement failed (with --bail, the first failure stops the run)
              2  bad command line, or a read-only file system without --read-only
              3  the registry is damaged or cut short of --expect-head, or locked
            """,
        version: ShellInfo.version)

    @Argument(help: "Registry directory, created when missing. Without it the registry is in memory and nothing is saved.")
    var path: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Run the statements in SCRIPT (repeatable).", valueName: "SCRIPT"))
    var scripts: [String] = []

    @Option(name: .customShort("c"), help: ArgumentHelp("Run STATEMENT after the scripts (repeatable: in order).", valueName: "STATEMENT"))
    var commands: [String] = []

    @Option(help: ArgumentHelp("Output mode: table, csv, json, ndjson, line or chart.", valueName: "MODE"))
    var mode: String = "table"

    @Flag(help: "Stop at the first statement that fails.")
    var bail = false

    @Flag(name: .customLong("read-only"), help: "Refuse statements that change the registry.")
    var readOnly = false

    @Option(help: ArgumentHelp("Use DATE as today (YYYY-MM-DD).", valueName: "DATE"))
    var today: String?

    @Flag(help: "Print the registry's chain head as N:HASH (entries, SHA-256 of the last) and exit.")
    var head = false

    @Option(name: .customLong("expect-head"),
            help: ArgumentHelp("Refuse to open (exit 3) unless the journal holds entry N with this hash.", valueName: "N:HASH"))
    var expectHead: String?

    @Option(help: ArgumentHelp("Write a new registry NEW from the longest readable prefix of PATH's journal, say what was lost, and exit.",
                               valueName: "NEW"))
    var salvage: String?

    @Option(name: .customLong("copy-to"),
            help: ArgumentHelp("Copy PATH's registry, its whole journal as it is, into TARGET (an empty postgres:// database, or a new directory) and exit.",
                               valueName: "TARGET"))
    var copyTo: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("Act as ACTOR in a governed registry (national, province:41, county:410303, school:4103030001…); else $XUEJI_AS. On PostgreSQL, hold only its scope's students (national: those statements read).", valueName: "ACTOR"))
    var actor: String?

    @Option(help: ArgumentHelp("The actor's private key file (xueji keygen makes one; mode 0600); else $XUEJI_KEY.", valueName: "FILE"))
    var key: String?

    @Option(help: ArgumentHelp("Language of messages, help and table headers: en or zh (else the locale's: LANG=zh_CN.UTF-8 is zh); with zh, csv and json keys are Chinese too.", valueName: "LANG"))
    var lang: String?

    func validate() throws {
        if let lang, Language(rawValue: lang.lowercased()) == nil { throw ValidationError("--lang must be en or zh, not \(lang)") }
        guard OutputMode(rawValue: mode) != nil else { throw ValidationError("--mode must be table, csv, json, ndjson, line or chart") }
        if let today, Day(today) == nil { throw ValidationError("--today must be a real date as YYYY-MM-DD, not \(today)") }
        if let expectHead, ChainHead(expectHead) == nil {
            throw ValidationError("--expect-head must be N:HASH (an entry count and 64 hex digits, as --head prints it), not \(expectHead)")
        }
        if (head || salvage != nil) && path == nil { throw ValidationError("--head and --salvage need a registry PATH") }
        if head && salvage != nil { throw ValidationError("--head and --salvage cannot be used together") }
        if copyTo != nil && path == nil { throw ValidationError("--copy-to needs a registry PATH") }
    }

    /// The parsed options as the Shell module takes them.
    var options: ShellOptions {
        var o = ShellOptions(registryPath: path, scripts: scripts, commands: commands, mode: OutputMode(rawValue: mode) ?? .table,
                             bail: bail, readOnly: readOnly, today: today.flatMap { Day($0) })
        o.printHead = head
        o.expectedHead = expectHead.flatMap(ChainHead.init)
        o.salvageTo = salvage
        o.copyTo = copyTo
        o.actor = actor; o.keyPath = key
        o.language = lang.flatMap { Language(rawValue: $0.lowercased()) }
        o.commandBytes = commands.map(XuejiCommand.rawArgument)
        return o
    }

    /// The bytes of the argument that decoded to `value` (`-c VALUE` or `-cVALUE`), when they are
    /// not UTF-8: `CommandLine.arguments` has already replaced the bad bytes with U+FFFD.
    static func rawArgument(_ value: String) -> [UInt8]? {
        guard value.contains("\u{FFFD}") else { return nil }
        for k in 1..<Int(CommandLine.argc) {
            guard let p = CommandLine.unsafeArgv[k] else { continue }
            let raw: [UInt8] = Array(UnsafeBufferPointer(start: p, count: strlen(p))).map { UInt8(bitPattern: $0) }
            var candidates: [ArraySlice<UInt8>] = [raw[...]]
            if raw.starts(with: Array("-c".utf8)) { candidates.append(raw.dropFirst(2)) }
            for candidate in candidates
            where String(decoding: candidate, as: UTF8.self) == value && String(validating: candidate, as: UTF8.self) == nil {
                return Array(candidate)
            }
        }
        return nil
    }

    func run() throws {
        terminate(ShellRunner(options: options, backend: .postgres).run())
    }

    /// Parses like `ParsableCommand.main`, but a bad command line exits with status 2 (the
    /// spec's contract) rather than ArgumentParser's 64.
    static func main() {
        // `xueji generate …` is a tool beside the shell, not a registry named "generate"
        // (open one of that name as ./generate).
        let args = Array(CommandLine.arguments.dropFirst())
        if args.first == "keygen" {
            guard args.count == 3, args[1] == "--out" else {
                StandardError.write("usage: xueji keygen --out FILE   (writes a private key, mode 0600, and prints its public key)\n")
                terminate(2)
            }
            let (status, text) = ShellRunner.keygen(out: args[2])
            if status == 0 { print(text) } else { StandardError.write(text + "\n") }
            terminate(status)
        }
        if args.first == "pg" {
            let lang = ProcessInfo.processInfo.environment["XUEJI_LANG"].flatMap { Language(rawValue: $0) }
            let (status, text) = ShellRunner.pg(Array(args.dropFirst()), backend: .postgres, language: lang)
            if status == 0 { print(text) } else { StandardError.write(text + "\n") }
            terminate(status)
        }
        if args.first == "generate" {
            do {
                var command = try GenerateCommand.parseAsRoot(Array(args.dropFirst()))
                try command.run()
                terminate(0)
            } catch {
                let code = GenerateCommand.exitCode(for: error)
                let message = GenerateCommand.fullMessage(for: error)
                if code == .success { print(message); terminate(0) }
                StandardError.write(message + "\n")
                terminate(code == .validationFailure ? 2 : 1)
            }
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                terminate(0)
            }
            StandardError.write(message + "\n")
            terminate(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Unbuffered writes for error text (Swift 6 forbids the global `stderr` FILE*).
enum StandardError {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { rawWrite(2, $0.baseAddress, $0.count) }
    }
}

/// Ends the process with `code` (a free function: inside the command `exit` means ArgumentParser's).
func terminate(_ code: Int32) -> Never { exit(code) }

/// POSIX `write`, named apart from `StandardError.write`.
func rawWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int { write(fd, buffer, count) }
