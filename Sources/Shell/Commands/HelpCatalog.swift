import Registry
import RQL

/// The texts behind `.help`: one entry per RQL statement and per dot command, so the
/// shell documents itself and `.help TOPIC` needs no manual at hand. Each entry has its
/// Chinese beside the English (issue 16); `.help` writes the language in use.
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
        /// The summary in Chinese.
        public var chineseSummary: String
        /// The explanation in Chinese (may be given where the English has none: the Chinese words).
        public var chineseText: String
        /// The example written with the Chinese keywords (the same statement as `example`).
        public var chineseExample: String

        /// Makes an entry.
        public init(topic: String, aliases: [String] = [], syntax: String, summary: String, text: String, example: String,
                    chineseSummary: String, chineseText: String, chineseExample: String) {
            self.topic = topic; self.aliases = aliases; self.syntax = syntax
            self.summary = summary; self.text = text; self.example = example
            self.chineseSummary = chineseSummary; self.chineseText = chineseText; self.chineseExample = chineseExample
        }

        /// The one-line summary in `language`.
        public func summary(in language: Language) -> String { language == .zh ? chineseSummary : summary }

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

    /// The entry for `topic`, ignoring case, blanks and a missing leading `.` on dot commands;
    /// a topic in the vocabulary's Chinese finds its English one (`入学` is `enrol`).
    public func entry(for topic: String) -> Entry? {
        let typed = topic.trimmingBlanks().lowercased().split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        let key = HelpCatalog.englishTopic(typed) ?? typed
        for e in entries where ([e.topic] + e.aliases).contains(where: { $0 == key || $0 == "." + key }) { return e }
        return nil
    }

    /// The text `.help` prints, in `language`: the overview for nil, else the entry or an error line.
    public func text(for topic: String?, in language: Language = Language.current) -> String {
        guard let topic, !topic.trimmingBlanks().isEmpty else { return overview(in: language) }
        guard let e = entry(for: topic) else {
            // A statement word with several forms (`add`, `find`): every form in full.
            let typed = topic.trimmingBlanks().lowercased()
            let key = HelpCatalog.englishTopic(typed) ?? typed
            let forms = entries.filter { $0.topic.hasPrefix(key + " ") }
            if !forms.isEmpty { return forms.map { HelpCatalog.format($0, in: language) }.joined(separator: "\n") }
            return language == .zh ? "没有“\(topic)”的帮助；输入 .help 查看主题列表\n"
                : "no help for \"\(topic)\"; type .help for the list of topics\n"
        }
        return HelpCatalog.format(e, in: language)
    }

    /// The general topics' Chinese names (`.help 字段`).
    static let chineseTopicNames: [String: String] = ["fields": "字段", "expressions": "表达式", "dates": "日期", "transactions": "事务"]

    /// The English topic a Chinese one stands for, word by word from the vocabulary: 入学 →
    /// `enrol`, 添加 学校 → `add school`, 查找 用户 → `find actors`, 检查 待办 → `check pending`,
    /// 字段 → `fields`. Nil when `typed` has no Chinese word; words that are not Chinese stay.
    static func englishTopic(_ typed: String) -> String? {
        let words = typed.split(separator: " ").map(String.init)
        guard let first = words.first, words.contains(where: { $0.unicodeScalars.contains { !$0.isASCII } }) else { return nil }
        if words.count == 1, let t = chineseTopicNames.first(where: { $0.value == first })?.key { return t }
        var out: [String] = []
        for (i, w) in words.enumerated() {
            if i == 0, let s = Vocabulary.statements.first(where: { $0.chineseSpellings.contains(w) }) { out.append(s.english); continue }
            if i > 0, ["find", "import", "export"].contains(out[0]), let plural = Vocabulary.plurals[w] { out.append(plural); continue }
            if i > 0, let o = (Vocabulary.objects + Vocabulary.checks).first(where: { $0.chineseSpellings.contains(w) }) {
                out.append(o.english); continue
            }
            out.append(w)
        }
        return out.joined(separator: " ")
    }

    /// A topic in the vocabulary's Chinese, for the overview: `add school` → 添加 学校,
    /// `find actors` → 查找 用户, `fields` → 字段; empty for dot commands.
    static func chineseTopic(_ topic: String) -> String {
        if let t = chineseTopicNames[topic] { return t }
        guard !topic.hasPrefix(".") else { return "" }
        let words = topic.split(separator: " ").map(String.init)
        var out: [String] = []
        for (i, w) in words.enumerated() {
            if i == 0, let s = Vocabulary.statements.first(where: { $0.spellings.contains(w) }) { out.append(s.chinese); continue }
            if i > 0, let p = Vocabulary.plurals.first(where: { $0.value == w })?.key { out.append(p); continue }
            if i > 0, let o = (Vocabulary.objects + Vocabulary.checks).first(where: { $0.spellings.contains(w) }) {
                out.append(o.chinese); continue
            }
            return ""
        }
        return out.joined(separator: " ")
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

    /// One entry in full, in `language`: syntax, explanation and example. In Chinese the
    /// example is written with the Chinese keywords, then with the English ones.
    public static func format(_ e: Entry, in language: Language = Language.current) -> String {
        func indented(_ s: String) -> String {
            s.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n"
        }
        guard language == .zh else {
            var out = e.syntax + "\n\n" + e.summary + "\n"
            if !e.text.isEmpty { out += "\n" + e.text + "\n" }
            out += "\nExample:\n" + indented(e.example)
            return out
        }
        var out = e.syntax + "\n\n" + e.chineseSummary + "\n"
        if !e.chineseText.isEmpty { out += "\n" + e.chineseText + "\n" }
        out += "\n示例：\n" + indented(e.chineseExample)
        if e.chineseExample != e.example { out += "\n英文写法：\n" + indented(e.example) }
        return out
    }

    /// The topic list with one-line summaries, aligned by display width, in `language` (in
    /// Chinese with each statement's and topic's Chinese words beside it).
    public func overview(in language: Language = Language.current) -> String {
        let width = entries.map(\.topic.terminalWidth).max() ?? 0
        let zh = language == .zh
        let zhWidth = zh ? entries.map { HelpCatalog.chineseTopic($0.topic).terminalWidth }.max() ?? 0 : 0
        func line(_ e: Entry) -> String {
            "  " + TextLayout.pad(e.topic, to: width) + "  "
                + (zh && !e.isDotCommand ? TextLayout.pad(HelpCatalog.chineseTopic(e.topic), to: zhWidth) + "  " : "")
                + e.summary(in: language) + "\n"
        }
        var out = zh ? "语句（以 ; 结束，或在语句完整时换行）：\n" : "Statements (end with ; or a newline once complete):\n"
        for e in entries where !e.isDotCommand && !HelpCatalog.topicNames.contains(e.topic) { out += line(e) }
        out += zh ? "\nShell 命令：\n" : "\nShell commands:\n"
        for e in entries where e.isDotCommand { out += line(e) }
        out += zh ? "\n其他主题：\n" : "\nOther topics:\n"
        for e in entries where HelpCatalog.topicNames.contains(e.topic) { out += line(e) }
        out += zh ? "\n输入 .help 主题 查看详情，例如 .help 入学、.help enrol 或 .help .mode\n"
            : "\nType .help TOPIC for details, e.g. .help enrol or .help .mode\n"
        return out
    }
}
