/// The message catalogue, begun (issue 14, item 8): a message made from an id has its text
/// written here only, and a diagnostic made from one carries the id, so the shell tells
/// messages apart by id, never by their text. Most messages are still written where they are
/// raised; they move here one by one, each with its Chinese text (issue 16).
public enum MessageID: Hashable, Sendable {
    /// A clause word (`where`, `order`…) where a statement must begin.
    case statementCannotBegin(word: String)
    /// The same, on a line after a complete statement: the line above was meant to go on.
    case lineCannotBegin(word: String)

    /// The English text.
    public var english: String {
        switch self {
        case .statementCannotBegin(let w): "a statement cannot begin with '\(w)'"
        case .lineCannotBegin(let w): "a line cannot begin with '\(w)': end the line above with '\\' to continue it"
        }
    }

    /// The hint that goes with it, if any.
    public var hint: String? {
        switch self {
        case .statementCannotBegin: nil
        case .lineCannotBegin: "the line above was a complete statement, so it ended there"
        }
    }
}
