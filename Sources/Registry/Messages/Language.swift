/// The language messages, help and table headers are written in (issue 16): chosen once per
/// process by the shell (`--lang`, `.lang`, or the locale) before any statement runs, and read
/// by every catalogue when it writes a message.
public enum Language: String, Sendable, CaseIterable {
    case en, zh

    /// The language now in use. Set by the shell between statements; the engine's worker
    /// threads (imports) only read it.
    nonisolated(unsafe) public static var current: Language = .en

    /// The language a locale name asks for: `zh_CN.UTF-8`, `zh_TW`… → Chinese; else English.
    public init(locale: String?) {
        self = (locale ?? "").lowercased().hasPrefix("zh") ? .zh : .en
    }
}

/// A catalogue entry: one message with its English and Chinese texts, the same arguments in
/// both (the enum case's payload).
public protocol Localized {
    /// The English text.
    var english: String { get }
    /// The Chinese text.
    var chinese: String { get }
}

extension Localized {
    /// The text in the language now in use.
    public var text: String { text(Language.current) }
    /// The text in `language`.
    public func text(_ language: Language) -> String { language == .zh ? chinese : english }
}
