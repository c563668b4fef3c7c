import Registry

/// The payloads of statements that read, check, or move data in and out.
extension Statement {
    /// Statements that are a keyword alone (`rules`, `verify`, `begin`, `commit`, `rollback`).
    public struct Bare: Hashable, Sendable {
        /// The keyword.
        public var span: SourceSpan
        /// Makes one.
        public init(span: SourceSpan) { self.span = span }
    }

    /// `find schools`, `find actors`, `find requests`: a list filtered, ordered and cut.
    public struct FindList: Hashable, Sendable {
        /// Filter over the listed thing's fields.
        public var whereClause: Expr?
        /// Sort keys over the listed thing's fields.
        public var orderBy: [OrderKey]
        /// Row limit.
        public var limit: Located<Int>?
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `find [students] …`.
    public struct Find: Hashable, Sendable {
        /// Filter.
        public var whereClause: Expr?
        /// Columns from `show`; empty means the defaults.
        public var show: [FieldRef]
        /// Sort keys.
        public var orderBy: [OrderKey]
        /// Row limit.
        public var limit: Located<Int>?
        /// Answer as the registry stood at the end of this day.
        public var asOf: Located<Day>?
        /// The whole statement.
        public var span: SourceSpan

        /// The columns to show: `show`'s, or `StudentField.defaultFindColumns`.
        public var columns: [StudentField] {
            show.isEmpty ? StudentField.defaultFindColumns : show.compactMap(\.studentField)
        }
    }

    /// `count [students] [where] [by …] [as of]`.
    public struct Count: Hashable, Sendable {
        /// Filter.
        public var whereClause: Expr?
        /// Grouping fields.
        public var by: [FieldRef]
        /// Answer as of this day.
        public var asOf: Located<Day>?
        /// The whole statement.
        public var span: SourceSpan
        /// `order by count desc, grade`: the groups' order (a `by` field or `count`).
        public var orderBy: [CountOrder] = []
        /// `limit N`: the first N groups.
        public var limit: Located<Int>? = nil
        /// `show share`: each group's share of the whole count.
        public var share = false
    }

    /// One key of a `count … order by`: a field of its `by` list, or `count`.
    public struct CountOrder: Hashable, Sendable {
        /// The word written (`count`, `grade`, `school.name`).
        public var key: Located<String>
        /// `desc` was written.
        public var descending: Bool
    }

    /// One `order by` key.
    public struct OrderKey: Hashable, Sendable {
        /// The field to sort on.
        public var field: FieldRef
        /// `desc` was written.
        public var descending: Bool
        /// Field and direction.
        public var span: SourceSpan
    }

    /// `show NO [as of DATE]`.
    public struct Show: Hashable, Sendable {
        /// The student.
        public var number: Located<String>
        /// Answer as of this day.
        public var asOf: Located<Day>?
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `history NO`.
    public struct History: Hashable, Sendable {
        /// The student.
        public var number: Located<String>
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `explain STATEMENT`.
    public struct Explain: Hashable, Sendable {
        /// The statement whose plan is wanted.
        public var statement: Statement
        /// The whole statement.
        public var span: SourceSpan
    }

    /// Which list `check` produces.
    public enum CheckKind: String, Hashable, Sendable, CaseIterable {
        case duplicates, dropouts, zoning, migration, unconfirmed, pending, overdue

        /// The checks over students (the others list requests).
        public static let studentChecks: [CheckKind] = [.duplicates, .dropouts, .zoning, .migration, .unconfirmed]
    }

    /// `check KIND [where EXPR] [by FIELD, …] [as of DATE]`.
    public struct Check: Hashable, Sendable {
        /// Which check.
        public var kind: Located<CheckKind>
        /// Restricts the students considered.
        public var whereClause: Expr?
        /// Counts the students found per value of these fields instead of listing them.
        public var by: [FieldRef] = []
        /// Answer as of this day.
        public var asOf: Located<Day>?
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `import students|schools from "FILE"`.
    public struct Import: Hashable, Sendable {
        /// The CSV file.
        public var path: Located<String>
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `export students|schools to "FILE" [bom] [where EXPR]`.
    public struct Export: Hashable, Sendable {
        /// The CSV file.
        public var path: Located<String>
        /// Filter (students only).
        public var whereClause: Expr?
        /// Where `bom` was written (start the file with the UTF-8 byte-order mark, so Excel
        /// reads it as UTF-8); nil when it was not.
        public var bom: SourceSpan? = nil
        /// The whole statement.
        public var span: SourceSpan
    }
}
