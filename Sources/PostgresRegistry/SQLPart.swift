import PostgresNIO

/// A data-modifying statement kept as its text and values, so that several can reach the server
/// as one (`WITH w0 AS (…), w1 AS (…) …`). PostgresNIO sends one statement at a time and waits
/// for each one's answer before the next: under the writer lock every statement is a trip to the
/// server that every other writer waits for, so a write's statements are fused instead.
///
/// Statements fused into one share its snapshot and may run in any order: a key one of them
/// deletes cannot be inserted again by another (`PGClient.laterBarrier` starts a new statement).
struct SQLPart: ExpressibleByStringInterpolation {
    fileprivate enum Piece {
        case text(String)
        case value((inout PostgresQuery.StringInterpolation) -> Void)
    }
    fileprivate var pieces: [Piece]
    /// The name later parts read its `RETURNING` rows by (`w0`, `w1`, … when none).
    var name: String?

    init(stringLiteral value: String) { pieces = [.text(value)] }
    init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    /// The part, its rows read by later parts as `name`.
    func named(_ name: String) -> SQLPart {
        var p = self
        p.name = name
        return p
    }

    /// The interpolation of `SQLPart` literals: values become bound parameters, as in `PostgresQuery`.
    struct Interpolation: StringInterpolationProtocol {
        fileprivate var pieces: [Piece] = []
        init(literalCapacity: Int, interpolationCount: Int) { pieces.reserveCapacity(2 * interpolationCount + 1) }
        mutating func appendLiteral(_ literal: String) { pieces.append(.text(literal)) }
        mutating func appendInterpolation<V: PostgresDynamicTypeEncodable>(_ value: V) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }
        mutating func appendInterpolation<V: PostgresDynamicTypeEncodable>(_ value: V?) {
            pieces.append(.value { $0.appendInterpolation(value) })
        }
        /// Text put in as it is (a partition's name).
        mutating func appendInterpolation(unescaped text: String) { pieces.append(.text(text)) }
    }

    /// The part alone, as a statement.
    var query: PostgresQuery { Self.fused([self]) }

    /// The parts as one statement: each but the last a WITH query of the last.
    static func fused(_ parts: [SQLPart]) -> PostgresQuery {
        var q = PostgresQuery.StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        for (i, part) in parts.enumerated() {
            let last = i == parts.count - 1
            if !last { q.appendLiteral((i == 0 ? "WITH " : ", ") + (part.name ?? "w\(i)") + " AS (") }
            else if i > 0 { q.appendLiteral(" ") }
            for piece in part.pieces {
                switch piece {
                case .text(let s): q.appendLiteral(s)
                case .value(let add): add(&q)
                }
            }
            if !last { q.appendLiteral(")") }
        }
        return PostgresQuery(stringInterpolation: q)
    }
}
