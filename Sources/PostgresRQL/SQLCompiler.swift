import Foundation
import PostgresRegistry
import RQL
import Registry

/// RQL's finds and counts as SQL over the mirrored tables, with the same answers the registry
/// in memory gives: RQL's two-valued logic (a comparison with a missing value is false, also
/// under `not`), texts ordered by code point (`COLLATE "C"`), nulls first, and rows without an
/// `order by` in registry order. Literals are written into the statement, so that `explain`
/// shows what is sent.
struct SQLCompiler {
    /// The day `age` is counted to: today, or the `as of` day.
    let today: Day
    /// The day the records are read as of (from `student_versions`); nil: as they are now.
    let asOf: Day?
    /// Joins a statement needs, by the fields it reads.
    var needsSchool = false, needsHukouName = false, needsDistrictName = false
    /// Whether the statement reads a table only the coordinator holds (`number_aliases`).
    var needsCoordinator = false

    init(today: Day, asOf: Day? = nil) {
        self.today = asOf ?? today
        self.asOf = asOf
    }

    /// A field as SQL of the field's own kind (int, text or date), or nil.
    mutating func expression(_ f: StudentField) -> String {
        switch f {
        case .no: return "s.number"
        case .id_card: return "s.id_card"
        case .name: return "s.name"
        case .gender: return "s.gender"
        case .birth: return "s.birth"
        case .age: return "extract(year FROM age(\(Self.literal(.date(today))), s.birth))::int"
        case .ethnicity: return "nullif(s.ethnicity, '')"
        case .hukou: return "s.hukou::text"
        case .hukouName: needsHukouName = true; return "h.name"
        case .school: return "lpad(s.school::text, 10, '0')"
        case .schoolName: needsSchool = true; return "c.name"
        case .schoolStage: needsSchool = true; return "c.stage"
        case .schoolDistrict: needsSchool = true; return "c.district::text"
        case .schoolDistrictName: needsSchool = true; needsDistrictName = true; return "d.name"
        case .schoolCity: needsSchool = true; return "(c.district / 100)::text"
        case .schoolProvince:
            // A version's province is its school's then; `province` is the partition's, now.
            if asOf != nil { needsSchool = true; return "(c.district / 10000)::text" }
            return "s.province::text"
        case .grade: return "s.grade"
        case .class: return "s.class"
        case .status: return "s.status"
        case .enrolledOn: return "s.enrolled_on"
        case .migrant: return "CASE s.migrant WHEN true THEN 'yes' WHEN false THEN 'no' END"
        case .leftBehind: return "CASE s.left_behind WHEN true THEN 'yes' WHEN false THEN 'no' END"
        }
    }

    /// A value as a SQL literal.
    static func literal(_ v: Value) -> String {
        switch v {
        case .null: "NULL"
        case .int(let n): String(n)
        case .text(let s): "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        case .date(let d): "DATE '\(d)'"
        }
    }

    /// Whether a value is of the field's kind (a literal the checker let through otherwise is
    /// left to memory, which compares any two values).
    static func fits(_ v: Value, _ f: StudentField) -> Bool {
        switch (v, f.valueType) {
        case (.int, .int), (.text, .text), (.date, .date): true
        default: false
        }
    }

    /// `expression`, ordered by code point when it is text.
    mutating func ordered(_ f: StudentField) -> String {
        let e = expression(f)
        return f.valueType == .text ? "(\(e)) COLLATE \"C\"" : e
    }

    /// Fields that may be missing (null) in a row.
    static let nullable: Set<StudentField> = [.id_card, .ethnicity, .hukou, .hukouName, .schoolDistrictName, .class,
                                              .migrant, .leftBehind]

    /// A code field compared as the column's own integer (what its index holds), for an equality.
    mutating func codeColumn(_ f: StudentField, _ v: Value) -> (column: String, literal: String)? {
        guard case .text(let s) = v, !s.isEmpty, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = UInt64(s),
              String(n) == s || (f == .school && SchoolCode(s)?.description == s) else { return nil }
        switch f {
        case .school: return ("s.school", String(n))
        case .hukou: return ("s.hukou", String(n))
        case .schoolDistrict: needsSchool = true; return ("c.district", String(n))
        case .schoolProvince:
            if asOf != nil { needsSchool = true; return ("c.district / 10000", String(n)) }
            return ("s.province", String(n))
        default: return nil
        }
    }

    /// A condition as a SQL boolean; nil when some part has no translation. Where a comparison
    /// with a missing value could be negated (`not`), it is made false rather than null: RQL's
    /// logic has two values. In a `where` read as it stands, null already filters as false.
    mutating func condition(_ c: StudentCondition, negatable: Bool = false) -> String? {
        func twoValued(_ f: StudentField, _ sql: String) -> String {
            negatable && Self.nullable.contains(f) ? "coalesce(\(sql), false)" : sql
        }
        switch c {
        case .always: return "true"
        case .compare(let f, let op, let v):
            guard !v.isNull else { return "false" }
            guard Self.fits(v, f) else { return nil }
            if op == .eq || op == .ne, let code = codeColumn(f, v) {
                return twoValued(f, "\(code.column) \(op == .ne ? "<>" : "=") \(code.literal)")
            }
            let sqlOp = op == .ne ? "<>" : op.rawValue
            let e = op == .eq || op == .ne ? expression(f) : ordered(f)
            return twoValued(f, "\(e) \(sqlOp) \(Self.literal(v))")
        case .inList(let f, let set, let negated):
            let values = set.filter { !$0.isNull }
            guard values.allSatisfy({ Self.fits($0, f) }) else { return nil }
            let e = expression(f)
            if values.isEmpty { return negated ? "\(e) IS NOT NULL" : "false" }
            let list = values.sorted().map(Self.literal).joined(separator: ", ")
            return twoValued(f, "\(e) \(negated ? "NOT IN" : "IN") (\(list))")
        case .between(let f, let a, let b, let negated):
            guard Self.fits(a, f), Self.fits(b, f) else { return nil }
            return twoValued(f, "\(ordered(f)) \(negated ? "NOT BETWEEN" : "BETWEEN") \(Self.literal(a)) AND \(Self.literal(b))")
        case .like(let f, let p, let negated):
            let e = expression(f)
            let text = f.valueType == .date ? "to_char(\(e), 'YYYY-MM-DD')" : f.valueType == .int ? "(\(e))::text" : e
            return twoValued(f, "\(text) \(negated ? "NOT LIKE" : "LIKE") \(Self.literal(.text(p.text))) ESCAPE ''")
        case .isNull(let f, let negated):
            return "\(expression(f)) IS \(negated ? "NOT " : "")NULL"
        case .and(let a, let b):
            guard let x = condition(a, negatable: negatable), let y = condition(b, negatable: negatable) else { return nil }
            return "(\(x) AND \(y))"
        case .or(let a, let b):
            guard let x = condition(a, negatable: negatable), let y = condition(b, negatable: negatable) else { return nil }
            return "(\(x) OR \(y))"
        case .not(let a):
            guard let x = condition(a, negatable: true) else { return nil }
            return "NOT (\(x))"
        }
    }

    /// The partition a statement reads, when it reads one (`41`).
    private(set) var partition: String?

    /// The FROM clause for what the statement read.
    var from: String {
        (asOf == nil ? "students" : "student_versions") + (partition.map { "_" + $0 } ?? "") + " s" + joins
    }

    /// The joins for the school and district fields read.
    var joins: String {
        var out = ""
        if needsSchool { out += "\n  JOIN schools c ON c.code = s.school" }
        if needsHukouName { out += "\n  LEFT JOIN districts h ON h.code = s.hukou" }
        if needsDistrictName { out += "\n  LEFT JOIN districts d ON d.code = c.district" }
        return out
    }

    /// A selected column as text (every cell is read back as text and typed by its field).
    mutating func selected(_ f: StudentField) -> String {
        let e = expression(f)
        switch f.valueType {
        case .date: return "to_char(\(e), 'YYYY-MM-DD')"
        case .int: return "(\(e))::text"
        case .text: return e
        }
    }

    /// Where the rows are: one province, the province the coordinator's directory gives a
    /// student's number (looked up by the server as it runs the statement, which then reads
    /// only that partition), or anywhere.
    enum Place: Equatable {
        case province(Int), homeOf(String), anywhere
    }

    /// The filter: the condition, in its rows' place, on the `as of` day's versions.
    mutating func scoped(_ c: StudentCondition, place: Place) -> String? {
        guard var filter = condition(c) else { return nil }
        func and(_ term: String) { filter = filter == "true" ? term : term + " AND " + filter }
        if let asOf { and("s.valid @> \(Self.literal(.date(asOf)))") }
        switch place {
        case .province(let p):
            // The province's partition itself, named: the statement is planned over it alone.
            partition = PostgresStore.partition(ofProvince: p)
            // (Not twice when the condition says so itself, now: `where school.province = 41`.)
            if asOf != nil || !c.conjuncts.contains(where: { conjunct in
                if case .compare(.schoolProvince, .eq, .text(let v)) = conjunct, v == String(p) { return true }
                return false
            }) {
                and("s.province = \(p)")
            }
        case .homeOf(let n): and("s.province = (SELECT province FROM homes WHERE number = \(Self.literal(.text(n))))")
        case .anywhere: break
        }
        return filter
    }

    /// The statement of a find; `province`: the one province its rows can be in.
    mutating func find(_ q: FindQuery, place: Place) -> String? {
        guard let filter = scoped(q.condition, place: place) else { return nil }
        let columns = q.columns.map { selected($0) }.joined(separator: ", ")
        // Ties keep registry order, as the in-memory sort (stable) keeps it.
        let keys = q.order.map { k in "\(ordered(k.field)) \(k.descending ? "DESC NULLS LAST" : "ASC NULLS FIRST")" } + ["s.row"]
        var sql = "SELECT \(columns)\nFROM \(from)" + Self.whereClause(filter) + "\nORDER BY \(keys.joined(separator: ", "))"
        if let limit = q.limit { sql += "\nLIMIT \(limit)" }
        return sql
    }

    /// The statement of a count: one row per group, its key columns then the count; `term`, a
    /// test of a check (`exactly`) the rows must pass too.
    mutating func count(_ q: CountQuery, place: Place, and term: String? = nil) -> String? {
        guard var filter = scoped(q.condition, place: place) else { return nil }
        if let term { filter = filter == "true" ? term : "\(filter) AND \(term)" }
        if !needsSchool && !needsHukouName && !needsDistrictName {
            return twoLevelCount(q, filter: filter)
        }
        let keys = q.groupBy.map { selected($0) }
        let select = (keys + ["count(*)::text"]).joined(separator: ", ")
        var sql = "SELECT \(select)\nFROM \(from)" + Self.whereClause(filter)
        if !keys.isEmpty { sql += "\nGROUP BY \((1...keys.count).map(String.init).joined(separator: ", "))" }
        return sql
    }

    /// The student columns a field is computed from.
    func columns(_ f: StudentField) -> [String] {
        switch f {
        case .no: ["number"]
        case .id_card: ["id_card"]
        case .name: ["name"]
        case .gender: ["gender"]
        case .birth, .age: ["birth"]
        case .ethnicity: ["ethnicity"]
        case .hukou, .hukouName: ["hukou"]
        case .school, .schoolName, .schoolStage, .schoolDistrict, .schoolDistrictName, .schoolCity: ["school"]
        case .schoolProvince: asOf == nil ? ["province"] : ["school"]
        case .grade: ["grade"]
        case .class: ["class"]
        case .status: ["status"]
        case .enrolledOn: ["enrolled_on"]
        case .migrant: ["migrant"]
        case .leftBehind: ["left_behind"]
        }
    }

    /// A count whose `where` reads the students' own columns: counted per province and the
    /// columns its keys are made of, then the groups' keys formed (names joined) and summed.
    /// Grouped by province, each partition's groups are whole, so on shards PostgreSQL hands
    /// each partition's counting to the shard holding it (partitionwise aggregation pushed down
    /// through postgres_fdw) and only the groups come back.
    private mutating func twoLevelCount(_ q: CountQuery, filter: String) -> String {
        var raw = ["province"]
        for f in q.groupBy { for c in columns(f) where !raw.contains(c) { raw.append(c) } }
        let inner = "SELECT " + raw.map { "s." + $0 }.joined(separator: ", ") + ", count(*) AS n\n  FROM \(from)"
            + Self.whereClause(filter).replacingOccurrences(of: "\n", with: "\n  ")
            + "\n  GROUP BY " + (1...raw.count).map(String.init).joined(separator: ", ")
        let keys = q.groupBy.map { selected($0) }
        let select = (keys + ["coalesce(sum(s.n), 0)::text"]).joined(separator: ", ")
        var sql = "SELECT \(select)\nFROM (\n  \(inner)) s" + joins
        if !keys.isEmpty { sql += "\nGROUP BY \((1...keys.count).map(String.init).joined(separator: ", "))" }
        return sql
    }

    /// The statement forming `check duplicates`' groups over every student (now, or the
    /// versions of the `as of` day): `id` rows (an ID number, whether a student's own or the one
    /// its G number is made of, held by more than one student) and `person` rows (one name,
    /// birth date and gender under more than one number), each with its members' numbers in
    /// the registry's order and the first one's row (a session holding one scope has the others
    /// under rows of its own, or not at all: it finds them by number).
    ///
    /// Now, an ID number is held by one registration at most (the coordinator's `id_numbers`
    /// key), and a G number by one student: a group is a G number whose ID number is no longer
    /// its student's own, and the student who holds that ID number. The G numbers are found
    /// first (each shard filtering its own), then their holders by index: the rest of the
    /// registry never leaves the shards (at 1 M students, 0.18 s where the union of every ID
    /// number and every G number took 3.1 s).
    func duplicates() -> String {
        let table = asOf == nil ? "students" : "student_versions"
        let filter = asOf.map { " AND valid @> \(Self.literal(.date($0)))" } ?? ""
        let all = asOf.map { "\nWHERE valid @> \(Self.literal(.date($0)))" } ?? ""
        let ids = asOf == nil ? """
            WITH g AS MATERIALIZED (
                SELECT row, number, substr(number, 2) AS k FROM students
                WHERE number LIKE 'G%' AND id_card IS DISTINCT FROM substr(number, 2))
            SELECT 'id', k, array_agg(number ORDER BY row)::text, min(row)::text
            FROM (SELECT row, number, k FROM g
                  UNION
                  SELECT row, number, id_card FROM students WHERE id_card = ANY (ARRAY(SELECT k FROM g))) ids
            """ : """
            SELECT 'id', k, array_agg(number ORDER BY row)::text, min(row)::text
            FROM (SELECT row, number, id_card AS k FROM \(table) WHERE id_card IS NOT NULL\(filter)
                  UNION
                  SELECT row, number, substr(number, 2) FROM \(table) WHERE number LIKE 'G%'\(filter)) ids
            """
        return """
            \(ids)
            GROUP BY k HAVING count(*) > 1
            UNION ALL
            SELECT 'person', NULL, array_agg(number ORDER BY row)::text, min(row)::text
            FROM \(table)\(all)
            GROUP BY name, birth, gender HAVING count(*) > 1
            """
    }

    /// `{G…,L…}` (an array of registry numbers, as text) as numbers.
    static func numbers(_ text: String?) -> [RegistryNumber] {
        (text ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { RegistryNumber(String($0)) }
    }

    /// `WHERE …`, or nothing for a filter that keeps every row.
    static func whereClause(_ filter: String) -> String { filter == "true" ? "" : "\nWHERE " + filter }

    /// A cell read back as the field's value.
    static func value(_ text: String?, _ type: ValueType) -> Value {
        guard let text else { return .null }
        switch type {
        case .int: return Int(text).map(Value.int) ?? .null
        case .date: return Day(text).map(Value.date) ?? .null
        case .text: return .text(text)
        }
    }

    /// The province of the student a condition names by number (`no = …` as an `and` term), as
    /// the session's registry has it: where its rows are unless another session moved it since.
    static func provinceInMemory(of c: StudentCondition, in registry: Registry) -> Int? {
        for t in c.conjuncts {
            guard case .compare(.no, .eq, .text(let s)) = t, let n = RegistryNumber(s), let st = try? registry.student(n) else { continue }
            return PostgresStore.province(of: st, in: registry)
        }
        return nil
    }

    /// The one place a condition's rows can be in, when an `and` term names it: a student's
    /// number (its home: looked up by `home` when given, else by the server), a school, or a
    /// district, city or province of schools. `as of`: only the number says (versions are kept
    /// in the student's province now, which need not be its school's then).
    static func place(of c: StudentCondition, asOf: Day?, in registry: Registry,
                      home: ((String) throws(StorageError) -> Int?)?) throws(StorageError) -> Place {
        for t in c.conjuncts {
            guard case .compare(let f, .eq, .text(let s)) = t else { continue }
            if asOf != nil && f != .no { continue }
            switch f {
            case .no:
                guard let home else { return .homeOf(s) }
                if let p = try home(s) { return .province(p) }
            case .school:
                if let code = SchoolCode(s), let i = registry.schoolIndex(code) {
                    return .province(Int(registry.school(at: i).district.rawValue / 10_000))
                }
            case .schoolDistrict, .schoolCity, .schoolProvince:
                if let p = Int(s.prefix(2)), s.count >= 2 { return .province(p) }
            default: break
            }
        }
        return .anywhere
    }
}
