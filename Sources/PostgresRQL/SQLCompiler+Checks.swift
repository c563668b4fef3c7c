import PostgresRegistry
import RQL
import Registry

/// The checks over students in SQL: their own tests, where SQL makes them exactly as
/// `CheckExecutor` does, and the students each could find (for a session holding only some).
extension SQLCompiler {
    /// A check's own test as SQL, when SQL makes it exactly as `CheckExecutor` does (zoning,
    /// unconfirmed; dropouts now: the versions keep no day a suspension began); nil otherwise.
    mutating func exactly(_ kind: Statement.CheckKind) -> String? {
        switch kind {
        case .zoning:
            needsSchool = true
            return "s.status IN ('active', 'suspended') AND c.stage IN ('primary', 'junior') AND s.hukou <> c.district"
        case .unconfirmed:
            return awaitingConfirmation()
        case .dropouts where asOf == nil:
            let day = Self.literal(.date(today))
            return "s.status IN ('withdrawn', 'suspended') AND s.grade <= 9 AND \(expression(.age)) BETWEEN 6 AND 15"
                + " AND (s.status = 'withdrawn' OR (s.status_since + interval '1 year')::date < \(day))"
        default:
            return nil
        }
    }

    /// Active students whose last event that bears on the guardian's confirmation, on or before
    /// the day, is not a confirmation: a registration, or a correction of a key field, since
    /// (`Registry.awaitingConfirmation`; the events are read in the registry's order).
    mutating func awaitingConfirmation() -> String {
        let keys = Registry.keyFields.map(\.rawValue).sorted().map { "@.field == \"\($0)\"" }.joined(separator: " || ")
        let day = asOf.map { " AND e.day <= \(Self.literal(.date($0)))" } ?? ""
        return "s.status = 'active' AND " + numberIn("""
            SELECT u.number FROM (
                  SELECT DISTINCT ON (e.number) e.number, e.kind FROM events\(partition.map { "_" + $0 } ?? "") e
                  WHERE (e.kind IN ('confirm', 'enrol') OR (e.kind = 'correct' AND e.changes @? '$[*] ? (\(keys))'))\(day)
                  ORDER BY e.number, e.entry DESC, e.position DESC) u
                WHERE u.kind <> 'confirm'
            """)
    }

    /// The row's number is one of those `numbers` (a SELECT of the events' numbers, which are
    /// the students' numbers now) names; as of a day also a number one of them had then (an L
    /// number that became a G number, `number_aliases`: a table of the coordinator).
    mutating func numberIn(_ numbers: String) -> String {
        guard asOf != nil else { return "s.number IN (\(numbers))" }
        needsCoordinator = true
        return """
            s.number IN (WITH n AS (\(numbers))
                         SELECT number FROM n UNION ALL SELECT a.alias FROM number_aliases a JOIN n ON a.number = n.number)
            """
    }

    /// The statement naming the students check `kind` could find among those a condition
    /// selects, at most `limit` (nil: all, in the registry's order): a superset, each term one the check's own test implies (the
    /// check then runs in memory, on them alone); nil for a check it cannot narrow. The events
    /// a migration check reads are those of the partition the statement reads, if one.
    mutating func candidates(_ kind: Statement.CheckKind, _ c: StudentCondition, place: Place, limit: Int?) -> String? {
        guard let filter = scoped(c, place: place) else { return nil }
        let day = Self.literal(.date(today))
        let term: String
        switch kind {
        case .dropouts:
            // Of compulsory age (6–15) on the day, with two days' slack each way for birthdays
            // on 29 February; not past junior stage; withdrawn or suspended.
            term = """
                s.status IN ('withdrawn', 'suspended') AND s.grade <= 9
                  AND s.birth > (\(day) - interval '16 years')::date - 2 AND s.birth <= (\(day) - interval '6 years')::date + 2
                """
        case .zoning:
            // The check's own test, and the grades of primary and junior schools (1–9, R5), on
            // which a shard filters before the coordinator joins the schools.
            term = "s.grade <= 9 AND " + (exactly(.zoning) ?? "true")
        case .migration:
            // At a senior school (grades 10–12, R5), with a hukou of another province or a
            // transfer on or before the day (the check reads where it came from).
            needsSchool = true
            term = """
                s.status IN ('active', 'suspended') AND s.grade >= 10 AND c.stage = 'senior'
                  AND (s.hukou / 10000 <> c.district / 10000
                       OR \(numberIn("SELECT e.number FROM events\(partition.map { "_" + $0 } ?? "") e WHERE e.kind = 'transfer' AND e.day <= \(day)")))
                """
        case .unconfirmed:
            term = exactly(.unconfirmed) ?? "true"
        case .duplicates, .pending, .overdue:
            return nil
        }
        // Read a part at a time (no limit), each with its partition's province: the fetch of a
        // part then needs not ask `homes` where its students are.
        return "SELECT s.number\(limit == nil ? ", s.province" : "")\nFROM \(from)\nWHERE " + (filter == "true" ? term : "\(filter)\n  AND \(term)")
            + (limit.map { "\nLIMIT \($0)" } ?? "\nORDER BY s.row")
    }
}
