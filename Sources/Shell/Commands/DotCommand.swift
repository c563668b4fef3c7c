import Registry

/// A shell command that starts with `.`: these change the shell (mode, output, date),
/// never the registry's data, so they are parsed here and not by the RQL parser.
public enum DotCommand: Equatable, Sendable {
    /// `.help [TOPIC]`: nil lists every topic.
    case help(topic: String?)
    /// `.open PATH`: switch to another registry directory.
    case open(path: String)
    /// `.read FILE`: run the statements of a script file.
    case read(file: String)
    /// `.mode table|csv|json|ndjson|line|chart`; nil shows the current mode.
    case mode(OutputMode?)
    /// `.headers on|off`; nil shows the current setting.
    case headers(Bool?)
    /// `.timer on|off`; nil shows the current setting.
    case timer(Bool?)
    /// `.bail on|off`: stop a script at its first failing statement; nil shows the setting.
    case bail(Bool?)
    /// `.once FILE`: the next statement's result goes to FILE, then output goes back.
    case once(file: String)
    /// `.show`: every setting.
    case show
    /// `.pager on|off`: results taller than the terminal through `$PAGER` (`less -S`); nil shows it.
    case pager(Bool?)
    /// `.maxrows N`: print at most N rows of a result (0: all); nil shows the setting.
    case maxRows(Int?)
    /// `.lang en|zh`: the language of messages, help and headers; nil shows it.
    case lang(Language?)
    /// `.output FILE|stdout`: nil means back to stdout.
    case output(file: String?)
    /// `.today [YYYY-MM-DD]`: the default `on DATE`; nil shows the current one.
    case today(Day?)
    /// `.checkpoint`: write a snapshot of the whole registry.
    case checkpoint
    /// `.backup DIR`: a consistent copy of the open registry in a new or empty directory.
    case backup(directory: String)
    /// `.sync full|normal`: fsync every statement, or group fsyncs (true = normal).
    case sync(normal: Bool)
    /// `.quit` or `.exit`.
    case quit
    /// `.as ACTOR key FILE`: act as another actor of a governed registry.
    case actAs(actor: String, keyFile: String)

    /// The command names, for completion and `.help`.
    public static let names = [".help", ".open", ".read", ".mode", ".headers", ".timer", ".bail", ".output", ".once",
                               ".show", ".pager", ".maxrows", ".lang", ".today", ".checkpoint", ".backup", ".sync", ".as", ".quit", ".exit"]

    /// Whether a line is a dot command (a `.` first, after blanks) rather than RQL, or one of
    /// the words newcomers type from other shells (`alias`).
    public static func isDotCommand(_ line: String) -> Bool {
        line.drop(while: { $0 == " " || $0 == "\t" }).first == "." || alias(line) != nil
    }

    /// What people bring from psql and sqlite: `help [TOPIC]`, `quit`, `exit` and `\q`, alone on
    /// a line (a `;` after them allowed), mean `.help [TOPIC]` and `.quit`. None of them begins a
    /// statement.
    public static func alias(_ line: String) -> String? {
        var word = line.trimmingBlanks()
        if word.hasSuffix(";") { word = String(word.dropLast()).trimmingBlanks() }
        let parts = word.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "help" { return ".help " + parts[1] }
        switch word.lowercased() {
        case "help", "\\h", "\\?": return ".help"
        case "quit", "exit", "\\q": return ".quit"
        default: return nil
        }
    }

    /// Parses one line such as `.mode csv` or `.output "西工区 名单.csv"`.
    public static func parse(_ line: String) throws(DotCommandError) -> DotCommand {
        let words = try DotCommand.words(alias(line) ?? line)
        guard let name = words.first?.lowercased() else { throw DotCommandError(.emptyCommand) }
        let args = Array(words.dropFirst())
        func one() throws(DotCommandError) -> String {
            guard args.count == 1 else { throw DotCommandError.usage(name) }
            return args[0]
        }
        func none() throws(DotCommandError) {
            guard args.isEmpty else { throw DotCommandError.usage(name) }
        }
        func onOff() throws(DotCommandError) -> Bool? {
            if args.isEmpty { return nil }
            switch try one().lowercased() {
            case "on": return true
            case "off": return false
            default: throw DotCommandError.usage(name)
            }
        }
        switch name {
        case ".help":
            // Topics may be several words: `.help rules R7`, `.help find schools`.
            return .help(topic: args.isEmpty ? nil : args.joined(separator: " "))
        case ".open": return .open(path: try one())
        case ".read": return .read(file: try one())
        case ".mode":
            if args.isEmpty { return .mode(nil) }
            guard let mode = OutputMode(rawValue: try one().lowercased()) else { throw DotCommandError.usage(name) }
            return .mode(mode)
        case ".headers": return .headers(try onOff())
        case ".timer": return .timer(try onOff())
        case ".bail": return .bail(try onOff())
        case ".once": return .once(file: try one())
        case ".show": try none(); return .show
        case ".pager": return .pager(try onOff())
        case ".maxrows":
            if args.isEmpty { return .maxRows(nil) }
            guard let n = Int(try one()), n >= 0 else { throw DotCommandError.usage(name) }
            return .maxRows(n)
        case ".lang":
            if args.isEmpty { return .lang(nil) }
            guard let l = Language(rawValue: try one().lowercased()) else { throw DotCommandError.usage(name) }
            return .lang(l)
        case ".output":
            if args.isEmpty { return .output(file: nil) }
            let file = try one()
            return .output(file: file == "stdout" ? nil : file)
        case ".today":
            if args.isEmpty { return .today(nil) }
            let text = try one()
            guard let day = Day(text) else {
                throw DotCommandError(.notADate(text: text, usage: DotCommand.usage[name]!))
            }
            return .today(day)
        case ".checkpoint": try none(); return .checkpoint
        case ".backup": return .backup(directory: try one())
        case ".sync":
            switch try one().lowercased() {
            case "full": return .sync(normal: false)
            case "normal": return .sync(normal: true)
            default: throw DotCommandError.usage(name)
            }
        case ".quit", ".exit": try none(); return .quit
        case ".as":
            guard args.count == 3, args[1] == "key" else { throw DotCommandError.usage(name) }
            return .actAs(actor: args[0], keyFile: args[2])
        default:
            throw DotCommandError(.unknownCommand(words[0]))
        }
    }

    /// One usage line per command, shown when its arguments are wrong.
    public static let usage: [String: String] = [
        ".help": ".help [TOPIC]",
        ".open": ".open PATH",
        ".read": ".read FILE",
        ".mode": ".mode [table|csv|json|ndjson|line|chart]",
        ".headers": ".headers [on|off]",
        ".timer": ".timer [on|off]",
        ".bail": ".bail [on|off]",
        ".output": ".output FILE|stdout",
        ".once": ".once FILE",
        ".show": ".show",
        ".pager": ".pager [on|off]",
        ".maxrows": ".maxrows [N]",
        ".lang": ".lang [en|zh]",
        ".today": ".today YYYY-MM-DD",
        ".checkpoint": ".checkpoint",
        ".backup": ".backup DIR",
        ".sync": ".sync full|normal",
        ".as": ".as ACTOR key FILE",
        ".quit": ".quit",
        ".exit": ".exit",
    ]

    /// Splits arguments on blanks; `"..."` or `'...'` keep blanks inside (for paths), `\`
    /// escapes the next character inside quotes.
    static func words(_ line: String) throws(DotCommandError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in line {
            if let q = quote {
                if escaped { current.append(c); escaped = false }
                else if c == "\\" { escaped = true }
                else if c == q { quote = nil }
                else { current.append(c) }
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if c == "\"" || c == "'" {
                quote = c; inWord = true
            } else {
                current.append(c); inWord = true
            }
        }
        if quote != nil { throw DotCommandError(.unterminatedQuote(line: line.trimmingBlanks())) }
        if inWord { words.append(current) }
        return words
    }
}

/// Why a dot command was refused; the message includes the usage line when arguments were wrong.
public struct DotCommandError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The catalogue entry.
    public var id: ShellMessage
    /// The text shown to the user.
    public var message: String { id.text }
    /// Makes an error from a catalogue entry.
    public init(_ id: ShellMessage) { self.id = id }
    /// The message.
    public var description: String { message }

    /// `usage: .mode table|csv|json|line|chart` for `name`.
    static func usage(_ name: String) -> DotCommandError {
        DotCommandError(.usage(DotCommand.usage[name] ?? name))
    }
}

extension String {
    /// The text without leading and trailing blanks (no Foundation).
    func trimmingBlanks() -> String {
        let chars = Array(self)
        var lo = 0, hi = chars.count
        while lo < hi, chars[lo].isWhitespace { lo += 1 }
        while hi > lo, chars[hi - 1].isWhitespace { hi -= 1 }
        return String(chars[lo..<hi])
    }
}
