import Registry

/// A stable, line-oriented text form of the AST for golden tests and `--debug` output.
///
/// Leaves carry `@LINE:COL` so the golden files pin spans down as well as structure.
extension Statement {
    /// The statement as indented `key: value` lines, first line the statement kind and span.
    public func dump() -> String {
        var d = Dumper()
        d.statement(self, indent: "")
        return d.out
    }
}

extension Expr {
    /// The condition as an S-expression: `(and (= grade@1:12 1@1:20) (is-null class@…))`.
    public func dump() -> String {
        switch self {
        case .compare(let c): return "(\(c.op.rawValue) \(c.field.dump()) \(c.value.dump()))"
        case .inList(let c):
            return "(\(c.negated ? "not-in" : "in") \(c.field.dump()) [\(c.values.map { $0.dump() }.joined(separator: " "))])"
        case .between(let c): return "(\(c.negated ? "not-between" : "between") \(c.field.dump()) \(c.low.dump()) \(c.high.dump()))"
        case .like(let c): return "(\(c.negated ? "not-like" : "like") \(c.field.dump()) \(Dumper.quote(c.pattern.value)))"
        case .isNull(let c): return "(\(c.negated ? "is-not-null" : "is-null") \(c.field.dump()))"
        case .and(let a, let b): return "(and \(a.dump()) \(b.dump()))"
        case .or(let a, let b): return "(or \(a.dump()) \(b.dump()))"
        case .not(let e, _): return "(not \(e.dump()))"
        }
    }
}

extension FieldRef {
    /// `grade@1:12`, or `school:stage@…` for a school field (`actor:`, `request:` likewise).
    public func dump() -> String {
        let prefix: String
        switch field {
        case .student: prefix = ""
        case .school: prefix = "school:"
        case .actor: prefix = "actor:"
        case .request: prefix = "request:"
        case .district: prefix = "district:"
        }
        return prefix + name + "@\(span.start)"
    }
}

extension Literal {
    /// The literal tagged by kind: `1`, `"x"`, `date:2013-09-01`, `no:G…`, `word:M`.
    public func dump() -> String {
        let body: String
        switch kind {
        case .number(let d): body = d
        case .text(let s): body = Dumper.quote(s)
        case .date(let d): body = "date:\(d)"
        case .registryNumber(let n): body = "no:\(n)"
        case .word(let w): body = "word:\(w)"
        }
        return body + "@\(span.start)"
    }
}

/// Accumulates dump lines.
struct Dumper {
    var out = ""

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    mutating func line(_ indent: String, _ key: String, _ value: String?) {
        if let value { out += "\(indent)  \(key): \(value)\n" }
    }

    func loc<T>(_ v: Located<T>?, _ f: (T) -> String = { "\($0)" }) -> String? {
        v.map { "\(f($0.value))@\($0.span.start)" }
    }

    func text(_ v: Located<String>?) -> String? { loc(v, Dumper.quote) }

    mutating func statement(_ s: Statement, indent: String) {
        let name: String
        switch s {
        case .addSchool: name = "add-school"
        case .addActor: name = "add-actor"
        case .revokeActor: name = "revoke-actor"
        case .findActors: name = "find-actors"
        case .approve: name = "approve"
        case .reject: name = "reject"
        case .cancel: name = "cancel"
        case .findRequests: name = "find-requests"
        case .findDistricts: name = "find-districts"
        case .addHoliday: name = "add-holiday"
        case .addWorkday: name = "add-workday"
        case .findSchools: name = "find-schools"
        case .enrol: name = "enrol"
        case .transfer: name = "transfer"
        case .promote: name = "promote"
        case .graduate: name = "graduate"
        case .suspend: name = "suspend"
        case .resume: name = "resume"
        case .withdraw: name = "withdraw"
        case .void: name = "void"
        case .correct: name = "correct"
        case .revert: name = "revert"
        case .record: name = "record"
        case .confirm: name = "confirm"
        case .find: name = "find"
        case .count: name = "count"
        case .show: name = "show"
        case .history: name = "history"
        case .explain: name = "explain"
        case .check: name = "check"
        case .rules: name = "rules"
        case .verify: name = "verify"
        case .begin: name = "begin"
        case .commit: name = "commit"
        case .rollback: name = "rollback"
        case .importStudents: name = "import-students"
        case .importSchools: name = "import-schools"
        case .exportStudents: name = "export-students"
        case .exportSchools: name = "export-schools"
        }
        out += "\(indent)\(name) @\(s.span)\n"
        let i = indent
        switch s {
        case .addSchool(let a):
            line(i, "code", text(a.code)); line(i, "name", text(a.name))
            line(i, "stage", loc(a.stage) { $0.rawValue }); line(i, "district", text(a.district))
        case .addActor(let a):
            line(i, "actor", loc(a.actor)); line(i, "name", text(a.name)); line(i, "key", text(a.key))
        case .revokeActor(let r):
            line(i, "actor", loc(r.actor)); line(i, "reason", text(r.reason))
        case .approve(let r), .reject(let r), .cancel(let r):
            line(i, "request", loc(r.number)); line(i, "reason", text(r.reason))
        case .addHoliday(let h):
            line(i, "from", loc(h.from)); line(i, "to", loc(h.to)); line(i, "name", text(h.name))
        case .addWorkday(let w):
            line(i, "day", loc(w.day))
        case .findSchools(let f), .findActors(let f), .findRequests(let f), .findDistricts(let f):
            line(i, "where", f.whereClause?.dump()); orderBy(i, f.orderBy); line(i, "limit", loc(f.limit))
        case .enrol(let e):
            switch e.target {
            case .existing(let n): line(i, "student", loc(n))
            case .newStudent(let list): line(i, "new", list.map(assignment).joined(separator: ", "))
            }
            line(i, "at", text(e.school)); line(i, "grade", loc(e.grade)); line(i, "class", loc(e.classNumber))
            line(i, "on", loc(e.on)); line(i, "reason", text(e.reason))
        case .transfer(let t):
            line(i, "student", loc(t.number)); line(i, "to", text(t.school)); line(i, "grade", loc(t.grade))
            line(i, "on", loc(t.on)); line(i, "reason", text(t.reason))
        case .promote(let p), .graduate(let p):
            switch p.target {
            case .student(let n): line(i, "student", loc(n))
            case .matching(let e): line(i, "where", e.dump())
            }
            line(i, "on", loc(p.on))
        case .suspend(let c), .resume(let c), .withdraw(let c), .void(let c):
            line(i, "student", loc(c.number)); line(i, "reason", text(c.reason)); line(i, "on", loc(c.on))
        case .revert(let r):
            line(i, "entry", loc(r.entry)); line(i, "reason", text(r.reason))
        case .correct(let c):
            line(i, "student", loc(c.number)); line(i, "set", c.assignments.map(assignment).joined(separator: ", "))
            line(i, "reason", text(c.reason)); line(i, "on", loc(c.on))
        case .record(let r):
            line(i, "student", loc(r.number)); line(i, "kind", loc(r.kind) { $0.rawValue })
            line(i, "text", text(r.text)); line(i, "on", loc(r.on))
        case .confirm(let c):
            line(i, "student", loc(c.number)); line(i, "guardian", text(c.guardian))
            line(i, "relation", text(c.relation)); line(i, "on", loc(c.on))
        case .find(let f):
            line(i, "where", f.whereClause?.dump())
            line(i, "show", f.show.isEmpty ? nil : f.show.map { $0.dump() }.joined(separator: ", "))
            orderBy(i, f.orderBy); line(i, "limit", loc(f.limit)); line(i, "as-of", loc(f.asOf))
        case .count(let c):
            line(i, "where", c.whereClause?.dump())
            line(i, "by", c.by.isEmpty ? nil : c.by.map { $0.dump() }.joined(separator: ", "))
            line(i, "order", c.orderBy.isEmpty ? nil : c.orderBy.map { "\($0.key.value)\($0.descending ? " desc" : "")@\($0.key.span.start)" }.joined(separator: ", "))
            line(i, "limit", loc(c.limit)); line(i, "share", c.share ? "yes" : nil)
            line(i, "as-of", loc(c.asOf))
        case .show(let s):
            line(i, "student", loc(s.number)); line(i, "as-of", loc(s.asOf))
        case .history(let h):
            line(i, "student", loc(h.number))
        case .explain(let e):
            statement(e.statement, indent: indent + "  ")
        case .check(let c):
            line(i, "kind", loc(c.kind) { $0.rawValue }); line(i, "where", c.whereClause?.dump())
            line(i, "by", c.by.isEmpty ? nil : c.by.map { $0.dump() }.joined(separator: ", ")); line(i, "as-of", loc(c.asOf))
        case .rules, .verify, .begin, .commit, .rollback:
            break
        case .importStudents(let m), .importSchools(let m):
            line(i, "from", text(m.path))
        case .exportStudents(let x), .exportSchools(let x):
            line(i, "to", text(x.path)); line(i, "where", x.whereClause?.dump())
            line(i, "bom", x.bom.map { "yes@\($0.start)" })
        }
    }

    func assignment(_ a: Statement.Assignment) -> String {
        "\(a.field.rawValue)@\(a.fieldSpan.start)=\(a.literal.dump())→\(Dumper.quote(a.value.description))"
    }

    mutating func orderBy(_ i: String, _ keys: [Statement.OrderKey]) {
        line(i, "order-by", keys.isEmpty ? nil : keys.map { $0.field.dump() + ($0.descending ? " desc" : " asc") }.joined(separator: ", "))
    }
}
