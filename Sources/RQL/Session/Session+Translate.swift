import Registry

/// From the parser's AST to the evaluator's typed forms, and from engine refusals to
/// diagnostics that point at the clause a rule refused.
extension Session {
    /// A student condition from a `where` expression (nil → every student).
    /// `asking`: the statement asks about status elsewhere (`count … by status`), so voided
    /// registrations are counted too.
    func studentCondition(_ expr: Expr?, asking: Bool = false) throws(Diagnostic) -> StudentCondition {
        var c: StudentCondition = .always
        if let expr {
            c = try condition(expr) { ref throws(Diagnostic) in
                guard let f = ref.studentField else { throw Diagnostic(.schoolFieldInStudentCondition(field: ref.name), at: ref.span) }
                return f
            } value: { lit, f in self.currentNumber(Session.normalise(lit.value(for: f), f), f) }
        }
        // Voided registrations are left out unless the statement asks about status. (A registry
        // holding only some students cannot tell whether the others include a voided one.)
        if (registry.hasVoidedStudents || registry.partial != nil) && !asking && !c.fields.contains(.status) {
            c = c.isAlways ? Session.notVoided : .and(c, Session.notVoided)
        }
        guard let scope = studentScope else { return c }
        return c.isAlways ? scope : .and(scope, c)
    }

    static let notVoided: StudentCondition = .compare(.status, .ne, .text(Status.voided.rawValue))

    /// R18, privacy: in a governed registry every query answers from the session's scope
    /// only — its condition is the scope's, and the statement's within it. Nil: no limit.
    var studentScope: StudentCondition? {
        guard registry.isGoverned, let a = identity?.name else { return nil }
        switch a.level {
        case .national: return nil
        case .school: return .compare(.school, .eq, .text(a.code))
        case .county: return .compare(.schoolDistrict, .eq, .text(a.code))
        case .city: return .compare(.schoolCity, .eq, .text(a.code))
        case .province: return .compare(.schoolProvince, .eq, .text(a.code))
        }
    }

    /// The same limit for `find schools`.
    var schoolScope: Condition<SchoolField>? {
        guard registry.isGoverned, let a = identity?.name else { return nil }
        switch a.level {
        case .national: return nil
        case .school: return .compare(.code, .eq, .text(a.code))
        case .county: return .compare(.district, .eq, .text(a.code))
        case .city: return .compare(.city, .eq, .text(a.code))
        case .province: return .compare(.province, .eq, .text(a.code))
        }
    }

    /// An L number that became a G number (R3) stands for the G number in a condition, so
    /// `where no = L…` still finds the student.
    func currentNumber(_ v: Value, _ f: StudentField) -> Value {
        guard f == .no, case .text(let s) = v, s.hasPrefix("L"), let n = RegistryNumber(s), let id = registry.find(n) else { return v }
        return registry.value(.no, of: id)
    }

    /// Upper-cases registry and ID numbers so `g…`/`…x` find `G…`/`…X`.
    static func normalise(_ v: Value, _ f: StudentField) -> Value {
        if f == .no || f == .id_card, case .text(let s) = v { return .text(s.uppercased()) }
        return v
    }

    func condition<F>(_ expr: Expr, field: (FieldRef) throws(Diagnostic) -> F,
                              value: (Literal, F) -> Value) throws(Diagnostic) -> Condition<F> {
        func typed(_ lit: Literal, _ f: F, _ ref: FieldRef) throws(Diagnostic) -> Value {
            let v = value(lit, f)
            if v.isNull { throw Diagnostic(.valueNotOfKind(field: ref.name, kind: Checker.kind(ref.valueType), written: lit.text), at: lit.span) }
            return v
        }
        switch expr {
        case .compare(let c):
            let f = try field(c.field)
            let op: CompareOp
            switch c.op {
            case .equal: op = .eq
            case .notEqual: op = .ne
            case .less: op = .lt
            case .lessEqual: op = .le
            case .greater: op = .gt
            case .greaterEqual: op = .ge
            }
            // `migrant = unknown` asks for the students whose answer is not known: `is null`.
            if op == .eq || op == .ne, value(c.value, f).isNull, case .student(let sf) = c.field.field,
               sf == .migrant || sf == .leftBehind, YesNo.isUnknown(c.value.plainText) {
                return .isNull(f, negated: op == .ne)
            }
            return .compare(f, op, try typed(c.value, f, c.field))
        case .inList(let c):
            let f = try field(c.field)
            var set = Set<Value>()
            for l in c.values { set.insert(try typed(l, f, c.field)) }
            return .inList(f, set, negated: c.negated)
        case .between(let c):
            let f = try field(c.field)
            return .between(f, try typed(c.low, f, c.field), try typed(c.high, f, c.field), negated: c.negated)
        case .like(let c):
            return .like(try field(c.field), LikePattern(c.pattern.value), negated: c.negated)
        case .isNull(let c):
            return .isNull(try field(c.field), negated: c.negated)
        case .and(let a, let b):
            return .and(try condition(a, field: field, value: value), try condition(b, field: field, value: value))
        case .or(let a, let b):
            return .or(try condition(a, field: field, value: value), try condition(b, field: field, value: value))
        case .not(let a, _):
            return .not(try condition(a, field: field, value: value))
        }
    }

    /// A registry number as written, checked (R3; a G number must hold a valid ID number, R2).
    func number(_ text: Located<String>) throws(Diagnostic) -> RegistryNumber {
        if let n = RegistryNumber(text.value) { return n }
        let t = text.value.uppercased()
        if t.hasPrefix("G"), t.count == 19 {
            do throws(RegistryError) { _ = try IDCardNumber(validating: String(t.dropFirst())) }
            catch { throw Diagnostic(.invalidIDInRegistryNumber(number: t, detail: error.id), at: text.span, rule: .r2) }
        }
        throw Diagnostic(.notARegistryNumber(text: text.value), at: text.span, rule: .r3)
    }

    /// A registered student's handle, or an error at the number.
    /// The student a statement names; outside the session's scope only when `scoped` is false
    /// (a transfer into the actor's scope, which the engine checks by the receiving school).
    func studentID(_ text: Located<String>, scoped: Bool = true) throws(Diagnostic) -> (RegistryNumber, StudentID) {
        let n = try number(text)
        guard let id = registry.find(n) else { throw Diagnostic(.engine(.identity(.noStudent(number: n.description))), at: text.span) }
        if scoped, let scope = studentScope, !scope.matches({ registry.value($0, of: id) }) {
            // Outside the scope a student is not shown at all (R18; requests come later).
            throw Diagnostic(.outsideScope(number: n.description, actor: identity?.name.description), at: text.span, rule: .r18)
        }
        // An L number that became a G number (R3) still finds the student, who is named by the G.
        if n.kind == .l, case .text(let now) = registry.value(.no, of: id), let current = RegistryNumber(now) { return (current, id) }
        return (n, id)
    }

    /// A school code as written, checked.
    func schoolCode(_ text: Located<String>) throws(Diagnostic) -> SchoolCode {
        let ascii = Session.asciiDigits(text.value)
        guard let c = SchoolCode(ascii) else {
            let digits = ascii.unicodeScalars.filter { ("0"..."9").contains($0) }.count
            if digits == ascii.unicodeScalars.count {
                throw Diagnostic(.schoolCodeDigits(text: text.value, digits: digits), at: text.span)
            }
            throw Diagnostic(.schoolCodeOtherCharacters(text: text.value, count: ascii.unicodeScalars.count - digits), at: text.span)
        }
        return c
    }

    /// Full-width digits (０–９, as a Chinese input method types them) as ASCII digits.
    static func asciiDigits(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s in
            (0xFF10...0xFF19).contains(s.value) ? Unicode.Scalar(s.value - 0xFF10 + 0x30)! : s
        }))
    }

    /// A district code as written, checked; a hukou or a school's district (`field`) must be
    /// in force today, which the engine checks again (the caret goes on the code here).
    func districtCode(_ text: Located<String>, field: String) throws(Diagnostic) -> DistrictCode {
        guard let d = DistrictCode(Session.asciiDigits(text.value)) else {
            throw Diagnostic(.notADistrictCode(text: text.value), at: text.span)
        }
        do throws(RegistryError) { try Registry.checkDistrictInForce(d, field: field) } catch {
            throw Diagnostic(.engine(error.id), at: text.span, rule: error.rule)
        }
        return d
    }

    /// Runs a change through the database's `write` (one savepoint, one journal entry), turning
    /// a refusal into a diagnostic at the clause it concerns.
    func change<T>(_ span: SourceSpan, spans: [Rule: SourceSpan] = [:], label: String? = nil,
                   _ body: () throws(RegistryError) -> T) throws(Diagnostic) -> T {
        try engine(span, spans: spans) { () throws(RegistryError) in
            try database.write(label: label) { _ throws(RegistryError) in try body() }
        }
    }

    /// Runs an engine operation, turning a refusal into a diagnostic at the clause it concerns.
    func engine<T>(_ span: SourceSpan, spans: [Rule: SourceSpan] = [:],
                   _ body: () throws(RegistryError) -> T) throws(Diagnostic) -> T {
        do throws(RegistryError) { return try body() } catch {
            let at = error.rule.flatMap { spans[$0] } ?? span
            throw Diagnostic(.engine(error.id), at: at, rule: error.rule)
        }
    }
}
