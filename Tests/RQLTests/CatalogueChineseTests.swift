import Foundation
import XCTest

/// Issue 16: every message of every catalogue has its Chinese text, with the same arguments.
/// The compiler already refuses a `chinese` switch without a case (no `default:`); this reads
/// the catalogue sources and checks that each Chinese branch uses every argument its English
/// branch shows (by position in the case's payload), so no value is lost in translation.
final class CatalogueChineseTests: XCTestCase {
    static let files = [
        "Sources/Registry/Messages/EngineMessage.swift", "Sources/Registry/Messages/IdentityMessage.swift",
        "Sources/Registry/Messages/LifecycleMessage.swift", "Sources/Registry/Messages/GovernanceMessage.swift",
        "Sources/Registry/Messages/StorageMessage+English.swift", "Sources/Registry/Messages/StorageMessage+Chinese.swift",
        "Sources/Registry/Messages/StorageMessage+Parts.swift",
        "Sources/RQL/Diagnostics/MessageID.swift", "Sources/RQL/Diagnostics/MessageID+Chinese.swift",
        "Sources/RQL/Diagnostics/Phrase.swift", "Sources/RQL/Diagnostics/ResultText.swift",
        "Sources/RQL/Diagnostics/AcknowledgementText.swift", "Sources/Shell/Commands/ShellMessage.swift",
    ]

    /// `case .name(let a, _, let c)` → name, and the positions of the bound names.
    struct Branch { var pattern: [String?]; var body: String }

    /// The branches of every `var english` / `var chinese` switch, by "Type.case".
    static func branches(_ property: String, in text: String, group: String) -> [String: Branch] {
        var out: [String: Branch] = [:]
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let line = lines[i]
            guard line.contains("var \(property): String") else { i += 1; continue }
            let indent = line.prefix { $0 == " " }.count
            i += 1
            var current: (String, Branch)?
            while i < lines.count {
                let l = lines[i]
                let lead = l.prefix { $0 == " " }.count
                if lead <= indent, l.trimmingCharacters(in: .whitespaces) == "}" { break }
                let t = l.trimmingCharacters(in: .whitespaces)
                if t.hasPrefix("case ."), let colon = t.range(of: ":") {
                    if let c = current { out[c.0] = c.1 }
                    let head = String(t[..<colon.lowerBound])
                    let name = String(head.dropFirst(6).prefix { $0.isLetter || $0.isNumber })
                    var pattern: [String?] = []
                    if let open = head.firstIndex(of: "("), let close = head.lastIndex(of: ")") {
                        pattern = head[head.index(after: open)..<close].split(separator: ",").map { p in
                            let w = p.trimmingCharacters(in: .whitespaces)
                            return w.hasPrefix("let ") ? String(w.dropFirst(4)) : nil
                        }
                    }
                    // Nested enums share the file: a case is known by its name and payload size.
                    current = ("\(group).\(name)/\(pattern.count)", Branch(pattern: pattern, body: String(t[colon.upperBound...])))
                } else if var c = current {
                    c.1.body += "\n" + t
                    current = c
                }
                i += 1
            }
            if let c = current { out[c.0] = c.1 }
        }
        return out
    }

    static func used(_ b: Branch) -> Set<Int> {
        Set(b.pattern.enumerated().compactMap { i, name in
            guard let name, b.body.range(of: "\\b\(name)\\b", options: .regularExpression) != nil else { return nil }
            return i
        })
    }

    func testEveryMessageHasItsChineseWithTheSameArguments() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var english: [String: Branch] = [:], chinese: [String: Branch] = [:]
        for file in Self.files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let group = String(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent.prefix { $0 != "+" })
            english.merge(Self.branches("english", in: text, group: group)) { a, _ in a }
            chinese.merge(Self.branches("chinese", in: text, group: group)) { a, _ in a }
        }
        XCTAssertGreaterThan(english.count, 500, "the catalogues' English branches")
        var missing: [String] = [], lost: [String] = []
        for (key, e) in english {
            guard let z = chinese[key] else { missing.append(key); continue }
            // A branch that hands its argument on (`.engine(let m): m.english`) does the same in Chinese.
            let dropped = Self.used(e).subtracting(Self.used(z))
            if !dropped.isEmpty { lost.append("\(key): \(dropped.sorted().map { e.pattern[$0] ?? "_" })") }
        }
        XCTAssertEqual(missing.sorted(), [], "messages without Chinese")
        XCTAssertEqual(lost.sorted(), [], "Chinese texts that leave out an argument the English shows")
    }
}
