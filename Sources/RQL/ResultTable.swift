import Registry

/// A typed result: what every query statement returns and every renderer draws.
///
/// The evaluator never prints; the shell picks table, csv, json, line or chart.
public struct ResultTable: Sendable, Equatable {
    /// One column: its header and the kind of values below it.
    public struct Column: Sendable, Equatable {
        /// Header text, e.g. `name` or `school.name`.
        public var name: String
        /// Kind of the values (numbers are right-aligned in table mode).
        public var type: ValueType
        /// Makes a column.
        public init(_ name: String, _ type: ValueType) { self.name = name; self.type = type }
    }

    /// How the table prefers to be drawn in `table` mode.
    public enum Style: Sendable, Equatable {
        /// Ordinary rows under a header.
        case rows
        /// A single record shown as `field = value` lines (`show`).
        case record
        /// A `count … by` result: renderers may add a total row or draw bars.
        case counts
    }

    /// The columns, in order.
    public var columns: [Column]
    /// The rows; each has one value per column.
    public var rows: [[Value]]
    /// Preferred drawing.
    public var style: Style
    /// Optional line printed after the table (e.g. `3 students`).
    public var footer: String?
    /// What the rows are (students unless a list says otherwise): the headers' Chinese
    /// depends on it (`name` is 姓名 for a student, 名称 for a school).
    public var list: FieldRef.Catalogue = .students

    /// A column's header in `language`: its name, or the vocabulary's Chinese for it.
    public func header(_ column: Column, in language: Language) -> String {
        language == .zh ? Vocabulary.header(column.name, list: list) : column.name
    }

    /// Makes a table.
    public init(columns: [Column], rows: [[Value]], style: Style = .rows, footer: String? = nil) {
        self.columns = columns; self.rows = rows; self.style = style; self.footer = footer
    }
}

/// What one statement produced, in order: tables and plain messages.
public enum OutputItem: Sendable, Equatable {
    /// A table of results.
    case table(ResultTable)
    /// A plain message such as `enrolled G410303200703150012`.
    case message(String)
    /// What a change did, as one result row for programs (RQL.md, "Output for programs"):
    /// `statement`, then the numbers and names it issued or touched. The modes for people
    /// show the message that comes before it instead; the modes for programs show only this.
    case acknowledgement(ResultTable)

    /// A change's acknowledgement row: `statement` first, then `fields` in order.
    public static func acknowledgement(_ statement: String, _ fields: KeyValuePairs<String, Value>) -> OutputItem {
        let columns = [ResultTable.Column("statement", .text)] + fields.map { ResultTable.Column($0.key, Self.type(of: $0.value)) }
        return .acknowledgement(ResultTable(columns: columns, rows: [[.text(statement)] + fields.map(\.value)]))
    }

    private static func type(of v: Value) -> ValueType {
        switch v {
        case .int: .int
        case .date: .date
        default: .text
        }
    }
}
