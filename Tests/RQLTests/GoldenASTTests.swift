import XCTest
import Registry
@testable import RQL

/// Source → AST dump, compared with files under Golden/ (re-record with `XUEJI_RECORD=1`).
final class GoldenASTTests: XCTestCase {
    /// Every statement form of RQL.md (the fixture copies the spec's examples).
    func testSpecExamples() throws {
        let source = try TestFiles.read("Fixtures/spec-examples.rql")
        let statements = parseValid(source)
        XCTAssertGreaterThan(statements.count, 70)
        try TestFiles.assertGolden(dump(statements), "spec-examples.ast")
    }

    /// Forms whose shape is easy to get subtly wrong: precedence, continuation, spelling variants.
    static let forms: [String] = [
        "FIND WHERE Grade = 1 AND Status = Active",
        "find where a1 = 1".replacingOccurrences(of: "a1", with: "grade"),
        "find where grade = 1 or grade = 2 and not status = active",
        "find where not not grade = 1",
        "find where ((grade = 1))",
        "find where grade between 1 and 3 and class = 2",
        "find where name = '王\\'小\\\\明\\n' and ethnicity = 汉族",
        "find where name like \"王%\" and name not like '李_'",
        "find where id_card = 11010519491231002x",
        "find where hukou = 0410303",
        "find where enrolled_on >= 2013-09-01 and enrolled_on < 2014-09-01",
        "find where status in (active,\n  suspended) show name",
        "find where grade = 1 and\n  class = 2",
        "find where grade =\n 1",
        "find \\\n  where grade = 1 \\  -- continued\n  order by name",
        "find where school.stage = 'SENIOR'",
        "find limit 5 as of 2020-01-01",
        "find as of 2020-01-01 where grade = 1",
        "find schools where city = 4103 or province = \"41\" order by students desc, code",
        "count students by school.name as of 2019-09-01",
        "enrol name = \"张三\", gender = f, birth = 2007-03-15 at \"0001\" grade 1",
        "enrol g410303200703150011 at 4103030101 grade 7",
        "correct G410303200703150011 set class = 3, hukou = 410305 on 2016-01-01 reason \"搬家\"",
        "transfer G410303200703150011 to 4103030002 reason \"搬家\" grade 4",
        "explain explain count",
        "begin transaction",
        "find; count\n\n;; rules",
        "#!/usr/bin/env xueji -f\nverify",
        "export students to out.csv where grade = 6",
        "export students to \"学生.csv\" where grade = 6 bom",
        "export schools to schools.csv BOM",
    ]

    func testForms() throws {
        var out = ""
        for source in Self.forms {
            out += "=== " + source.replacingOccurrences(of: "\n", with: "⏎") + "\n"
            out += dump(parseValid(source))
        }
        try TestFiles.assertGolden(out, "forms.ast")
    }

    func dump(_ statements: [ParsedStatement]) -> String {
        statements.map { "-- " + $0.text.replacingOccurrences(of: "\n", with: "⏎") + "\n" + $0.statement.dump() }
            .joined(separator: "\n") + "\n"
    }

    /// Typed values the evaluator reads from literals.
    func testLiteralValues() throws {
        let s = parseValid("enrol name = \"张三\", gender = 女, birth = 2007-03-15, hukou = 0410303 at 4103030001 grade 1")
        guard case .enrol(let e) = s.first?.statement else { return XCTFail("not enrol") }
        XCTAssertEqual(e.assignment(.gender)?.value, .text("F"))
        XCTAssertEqual(e.assignment(.hukou)?.value, .text("0410303"))
        XCTAssertEqual(e.assignment(.birth)?.value, .date(Day("2007-03-15")!))
        XCTAssertEqual(e.grade.value, 1)
        let f = parseValid("find where grade = 007 and status = ACTIVE")
        guard case .find(let find) = f.first?.statement, case .and(let a, let b)? = find.whereClause,
              case .compare(let c1) = a, case .compare(let c2) = b else { return XCTFail("shape") }
        XCTAssertEqual(c1.value.value(for: c1.field), .int(7))
        XCTAssertEqual(c2.value.value(for: c2.field), .text("active"))
        XCTAssertEqual(find.columns, StudentField.defaultFindColumns)
    }

    /// Statement text and span cover exactly the statement, across lines.
    func testStatementTextAndSpan() {
        let src = "  find where grade = 1 and\n    class = 2 ; count"
        let s = parseValid(src)
        XCTAssertEqual(s.map(\.text), ["find where grade = 1 and\n    class = 2", "count"])
        XCTAssertEqual(s[0].span.start, SourceLocation(line: 1, column: 3, offset: 2))
        XCTAssertEqual(s[0].span.length, 38)
        XCTAssertEqual(s[1].span.start.line, 2)
    }
}
