import Foundation
import Registry

/// Tab-completion candidates for RQL and dot commands, computed from the text before the
/// cursor alone so it works without the parser; the registry's data (school codes,
/// registry numbers) comes from closures the host supplies.
///
/// For a continuation line, pass the pending statement's earlier lines joined by `\n`
/// before the current line, so the context is the whole statement.
public struct Completer: Sendable {
    /// School codes starting with a prefix (the host asks its store); empty by default.
    public var schoolCodes: @Sendable (_ prefix: String) -> [String]
    /// Registry numbers starting with a prefix; empty by default.
    public var registryNumbers: @Sendable (_ prefix: String) -> [String]
    /// Entries of a directory (names only, directories ending in `/`), nil when unreadable.
    public var listDirectory: @Sendable (_ directory: String) -> [String]?
    /// Help topics for `.help`.
    public var helpTopics: [String]
    /// The registered actors (`national`, `county:410303`, …); empty in an open registry.
    public var actors: @Sendable () -> [String] = { [] }
    /// The open request numbers (`#12`); empty in an open registry.
    public var openRequests: @Sendable () -> [String] = { [] }

    /// Makes a completer; by default it lists real directories and knows no codes.
    public init(schoolCodes: @escaping @Sendable (String) -> [String] = { _ in [] },
                registryNumbers: @escaping @Sendable (String) -> [String] = { _ in [] },
                listDirectory: @escaping @Sendable (String) -> [String]? = Completer.listRealDirectory,
                helpTopics: [String] = HelpCatalog.standard.topics) {
        self.schoolCodes = schoolCodes
        self.registryNumbers = registryNumbers
        self.listDirectory = listDirectory
        self.helpTopics = helpTopics
    }

    /// Candidates for the last word of `lineBeforeCursor` (see `CompletionPlan.lastWord`).
    public func candidates(for lineBeforeCursor: String) -> [String] {
        let word = CompletionPlan.lastWord(of: lineBeforeCursor)
        let trimmed = lineBeforeCursor.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.first == "." && !trimmed.contains("\n") {
            return dotCandidates(String(trimmed), word: word)
        }
        let statement = Completer.currentStatement(lineBeforeCursor)
        let scan = Completer.scan(String(statement.dropLast(word.count)))
        if scan.inString {
            let before = scan.tokens.last?.lowercased()
            return before == "from" || before == "to" ? files(word) : []
        }
        return chineseAware(tokens: scan.tokens, word: word)
    }

    // MARK: - Dot commands

    private func dotCandidates(_ line: String, word: String) -> [String] {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        let completingName = parts.count <= 1 && !line.hasSuffix(" ")
        if completingName { return Completer.matching(DotCommand.names, word) }
        let command = parts[0].lowercased()
        let argIndex = parts.count - (line.hasSuffix(" ") ? 1 : 2)
        guard argIndex == 0 else { return [] }
        switch command {
        case ".read", ".open", ".output":
            return files(word) + (command == ".output" ? Completer.matching(["stdout"], word) : [])
        case ".mode": return Completer.matching(OutputMode.allCases.map(\.rawValue), word)
        case ".headers", ".timer": return Completer.matching(["on", "off"], word)
        case ".help": return Completer.matching(helpTopics.filter { !$0.contains(" ") }, word)
        case ".as": return Completer.matching(actors(), word)
        default: return []
        }
    }

    // MARK: - RQL

    /// Chinese words typed are read as their English ones (as the lexer reads them); in
    /// Chinese, or after a Chinese prefix, the keywords and fields offered are the Chinese
    /// ones (`统` + Tab → 统计). An ASCII prefix still completes the English words.
    private func chineseAware(tokens raw: [String], word: String) -> [String] {
        let chineseWord = word.utf8.first.map { $0 >= 0x80 } ?? false
        let tokens = raw.flatMap(Completer.english)
        guard Language.current == .zh || chineseWord else { return rqlCandidates(tokens: tokens, word: word) }
        if !word.isEmpty, !chineseWord { return rqlCandidates(tokens: tokens, word: word) }
        let offered = rqlCandidates(tokens: tokens, word: "").map(Completer.chinese)
        var seen = Set<String>()
        return offered.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
    }

    private func rqlCandidates(tokens raw: [String], word: String) -> [String] {
        let tokens = raw.map { $0.lowercased() }
        guard let first = tokens.first else { return Completer.matching(Completer.statementKeywords, word) }
        let prev = tokens.last!
        let prev2 = tokens.count >= 2 ? tokens[tokens.count - 2] : nil
        if first == "explain" && tokens.count == 1 { return Completer.matching(Completer.statementKeywords, word) }
        let verb = first == "explain" && tokens.count > 1 ? tokens[1] : first

        // Data by prefix, where the position calls for it.
        if Completer.looksLikeRegistryNumber(word) { return registryNumbers(word) }
        if prev == "at" || (prev == "to" && verb == "transfer") || ((prev == "=" || prev == "(" || prev == ",") && Completer.lastField(tokens) == "school") {
            if word.allSatisfy(\.isNumber) { return schoolCodes(word) }
        }
        if (prev == "=" || prev == "!=" || prev == "<>" || prev == "(" || prev == ","), let field = Completer.lastField(tokens),
           let values = Completer.fieldValues[field], tokens.contains("where") || tokens.contains("set") || verb == "enrol" {
            return Completer.matching(values, word)
        }
        // A file name outside quotes completes with its opening quote: the lexer needs it quoted.
        if prev == "from" || (prev == "to" && verb == "export") { return files(word).map { "\"" + $0 } }

        switch prev {
        case "check": return Completer.matching(Completer.checkKinds, word)
        case "order": return Completer.matching(["by"], word)
        case "as": return Completer.matching(["of"], word)
        case "import": return Completer.matching(["students", "schools"], word)
        case "export": return Completer.matching(["students"], word)
        case "add": return Completer.matching(["school", "actor", "holiday", "workday"], word)
        case "revoke": return Completer.matching(["actor"], word)
        case "revert": return Completer.matching(["entry"], word)
        case "approve", "reject", "cancel" where tokens.count == 1: return Completer.matching(openRequests(), word)
        case "actor" where first == "revoke": return Completer.matching(actors(), word)
        case "stage": return Completer.matching(Completer.fieldValues["school.stage"]!, word)
        default: break
        }
        if Completer.registryNumberVerbs.contains(prev) && tokens.count == (first == "explain" ? 2 : 1) {
            var extra: [String] = []
            if prev == "promote" || prev == "graduate" { extra = ["where"] }
            if prev == "enrol" || prev == "enroll" { extra = ["name"] }
            return registryNumbers(word) + Completer.matching(extra, word)
        }
        if tokens.count == 2 && verb == "record" { return Completer.matching(Completer.recordKinds, word) }
        if prev == "show" && verb == "count" { return Completer.matching(["share"], word) }
        if prev == "by" && prev2 == "order" && verb == "count" { return Completer.matching(["count"] + Completer.fields, word) }
        let fieldPositions: Set<String> = ["where", "by", "and", "or", "not", ",", "set", "("]
        if fieldPositions.contains(prev) || (prev == "show" && tokens.count > 1) {
            if prev == "and", prev2 != nil, tokens.suffix(4).contains("between") { return [] }
            return Completer.matching(Completer.fields(after: tokens), word)
        }
        if prev == "find" { return Completer.matching(["students", "schools", "actors", "requests", "districts"] + Completer.clauses(for: "find"), word) }
        if prev == "count" { return Completer.matching(["students"] + Completer.clauses(for: "count"), word) }
        // After a value or a field: the clauses the statement still allows.
        var options = Completer.clauses(for: verb)
        if verb == "find", ["schools", "actors", "requests", "districts"].contains(where: tokens.contains) { options = ["where", "order", "limit"] }
        if tokens.contains("where") && !Completer.operators.contains(prev) { options += ["and", "or"] }
        let fields = Completer.fields(after: tokens)
        if tokens.contains("order") && fields.contains(prev) { options += ["asc", "desc"] }
        if fields.contains(prev) && tokens.contains("where") && !tokens.contains("show") {
            options += ["like", "in", "not", "between", "is"]
        }
        return Completer.matching(options, word)
    }

    private func files(_ word: String) -> [String] {
        var path = word
        if path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let shownDirectory = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        guard let entries = listDirectory(directory.isEmpty ? "." : directory) else { return [] }
        return entries.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted().map { shownDirectory + $0 }
    }

    /// Lists a directory on disk, marking subdirectories with `/`.
    public static func listRealDirectory(_ directory: String) -> [String]? {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return nil }
        return names.map { name in
            var isDir: ObjCBool = false
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            return fm.fileExists(atPath: full, isDirectory: &isDir) && isDir.boolValue ? name + "/" : name
        }
    }
}
