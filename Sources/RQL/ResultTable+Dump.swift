import Registry

extension ResultTable {
    /// A plain, stable text form (`|`-separated, header first) for golden tests and logs;
    /// the shell's renderers draw the real tables.
    public var dump: String {
        var lines = [columns.map(\.name).joined(separator: " | ")]
        for r in rows { lines.append(r.map { $0.isNull ? "NULL" : $0.description }.joined(separator: " | ")) }
        if let footer { lines.append("(\(footer))") }
        return lines.joined(separator: "\n")
    }
}

extension OutputItem {
    /// A plain, stable text form for golden tests.
    public var dump: String {
        switch self {
        case .table(let t): return t.dump
        case .message(let m): return m
        case .acknowledgement(let t): return "ack: " + t.rows[0].map(\.description).joined(separator: " | ")
        }
    }
}
