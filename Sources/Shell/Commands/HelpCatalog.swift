/// The texts behind `.help`: one entry per RQL statement and per dot command, so the
/// shell documents itself and `.help TOPIC` needs no manual at hand.
public struct HelpCatalog: Sendable {
    /// One help topic.
    public struct Entry: Sendable, Equatable {
        /// The topic as typed after `.help`, e.g. `enrol` or `.mode`.
        public var topic: String
        /// Other names that find this entry (`enroll`, `.exit`).
        public var aliases: [String]
        /// The syntax, one or more lines.
        public var syntax: String
        /// One line for the overview.
        public var summary: String
        /// The longer explanation.
        public var text: String
        /// An example to copy, with Luoyang codes and Chinese names.
        public var example: String

        /// Makes an entry.
        public init(topic: String, aliases: [String] = [], syntax: String, summary: String, text: String, example: String) {
            self.topic = topic; self.aliases = aliases; self.syntax = syntax
            self.summary = summary; self.text = text; self.example = example
        }

        /// Whether this is a dot command's entry.
        public var isDotCommand: Bool { topic.hasPrefix(".") }
    }

    /// All entries: statements first, then dot commands, then general topics.
    public let entries: [Entry]

    /// The built-in catalogue.
    public static let standard = HelpCatalog(entries: HelpCatalog.statementEntries + HelpCatalog.dotCommandEntries
                                              + HelpCatalog.topicEntries)

    /// Makes a catalogue of `entries`.
    public init(entries: [Entry]) { self.entries = entries }

    /// Every topic name and alias, for completion after `.help`.
    public var topics: [String] { entries.flatMap { [$0.topic] + $0.aliases } }

    /// The entry for `topic`, ignoring case, blanks and a missing leading `.` on dot commands.
    public func entry(for topic: String) -> Entry? {
        let key = topic.trimmingBlanks().lowercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for e in entries where ([e.topic] + e.aliases).contains(where: { $0 == key || $0 == "." + key }) { return e }
        return nil
    }

    /// The text `.help` prints: the overview for nil, else the entry or an error line.
    public func text(for topic: String?) -> String {
        guard let topic, !topic.trimmingBlanks().isEmpty else { return overview() }
        guard let e = entry(for: topic) else {
            // A statement word with several forms (`add`, `find`): every form in full.
            let key = topic.trimmingBlanks().lowercased()
            let forms = entries.filter { $0.topic.hasPrefix(key + " ") }
            if !forms.isEmpty { return forms.map(HelpCatalog.format).joined(separator: "\n") }
            return "no help for \"\(topic)\"; type .help for the list of topics\n"
        }
        return HelpCatalog.format(e)
    }

    /// `text` with every line longer than `width` terminal columns broken at spaces (CJK text,
    /// which has none, at the width): help reads well in a narrow terminal.
    public static func wrap(_ text: String, to width: Int) -> String {
        guard width >= 20 else { return text }
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.terminalWidth > width else { out.append(line); continue }
            let indent = String(line.prefix { $0 == " " })
            var current = indent
            func flush() { out.append(current); current = indent }
            for word in line.dropFirst(indent.count).split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
                let candidate = current == indent ? current + word : current + " " + word
                if candidate.terminalWidth <= width { current = candidate; continue }
                if current != indent { flush() }
                var rest = word
                while (current + rest).terminalWidth > width {
                    var piece = ""
                    for ch in rest { if (current + piece + String(ch)).terminalWidth > width { break }; piece.append(ch) }
                    if piece.isEmpty { break }
                    current += piece; rest.removeFirst(piece.count); flush()
                }
                current += rest
            }
            if current != indent { out.append(current) }
        }
        return out.joined(separator: "\n")
    }

    /// One entry in full: syntax, explanation and example.
    public static func format(_ e: Entry) -> String {
        var out = e.syntax + "\n\n" + e.summary + "\n"
        if !e.text.isEmpty { out += "\n" + e.text + "\n" }
        out += "\nExample:\n" + e.example.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        return out
    }

    /// The topic list with one-line summaries, aligned by display width.
    public func overview() -> String {
        let width = entries.map(\.topic.terminalWidth).max() ?? 0
        var out = "Statements (end with ; or a newline once complete):\n"
        for e in entries where !e.isDotCommand && !HelpCatalog.topicNames.contains(e.topic) {
            out += "  " + TextLayout.pad(e.topic, to: width) + "  " + e.summary + "\n"
        }
        out += "\nShell commands:\n"
        for e in entries where e.isDotCommand {
            out += "  " + TextLayout.pad(e.topic, to: width) + "  " + e.summary + "\n"
        }
        out += "\nOther topics:\n"
        for e in entries where HelpCatalog.topicNames.contains(e.topic) {
            out += "  " + TextLayout.pad(e.topic, to: width) + "  " + e.summary + "\n"
        }
        out += "\nType .help TOPIC for details, e.g. .help enrol or .help .mode\n"
        return out
    }
}
