import XCTest
@testable import RQL

/// Each error says what was expected and where; `1️⃣` marks where the caret must go.
final class DiagnosticTests: XCTestCase {
    func testUnterminatedString() {
        assertDiagnostic("find where name = 1️⃣\"张三", "unterminated string")
        assertDiagnostic("find where name = 1️⃣'abc\n", "unterminated string")
    }

    func testInvalidDate() {
        assertDiagnostic("find where birth = 1️⃣2013-02-30", "invalid date '2013-02-30'", hint: "2013-02 has 28 days")
        assertDiagnostic("enrol G410303200703150011 at 4103030101 grade 7 on 1️⃣2019-13-01", "invalid date '2019-13-01'")
        assertDiagnostic("find where birth > 1️⃣2013-2-3", "invalid date '2013-2-3'")
    }

    func testUnknownKeyword() {
        assertDiagnostic("1️⃣fnd where grade = 1", "unknown keyword 'fnd'; did you mean 'find'?")
        assertDiagnostic("find where grade = 1 1️⃣lmit 5", "unknown keyword 'lmit'; did you mean 'limit'?")
        assertDiagnostic("find where grade = 1 1️⃣adn class = 2", "unknown keyword 'adn'; did you mean 'and'?")
        assertDiagnostic("find where name 1️⃣lik \"王%\"", "unknown keyword 'lik'; did you mean 'like'?")
        assertDiagnostic("1️⃣frobnicate", "unknown statement 'frobnicate'")
        assertDiagnostic("find 1️⃣school where code = 1", "unknown keyword 'school'; did you mean 'schools'?")
        assertDiagnostic("check 1️⃣dropout", "unknown check 'dropout'; did you mean 'dropouts'?")
    }

    func testUnknownField() {
        assertDiagnostic("find where 1️⃣brith > 2007-01-01", "unknown field 'brith'; did you mean 'birth'?")
        assertDiagnostic("find show name, 1️⃣shcool.name", "unknown field 'shcool.name'; did you mean 'school.name'?")
        assertDiagnostic("find schools where 1️⃣grade = 1", "unknown field 'grade'")
    }

    func testWrongValueKind() {
        assertDiagnostic("find where grade = 1️⃣\"x\"", "grade is a number; \"x\" is text")
        assertDiagnostic("find where birth > 1️⃣5", "birth is a date; 5 is a number")
        assertDiagnostic("find where grade in (1, 1️⃣2013-09-01)", "grade is a number; 2013-09-01 is a date")
        assertDiagnostic("find where gender = 1️⃣X", "unknown gender 'X'; expected M, F, 男 or 女")
        assertDiagnostic("find where status = 1️⃣activ", "unknown status 'activ'; did you mean 'active'?")
        assertDiagnostic("find where school.stage = 1️⃣middle", "unknown stage 'middle'; expected primary, junior or senior")
        assertDiagnostic("find where grade 1️⃣like \"1%\"", "like needs a text field; grade is a number")
        assertDiagnostic("enrol name = \"张三\", gender = M, birth = 1️⃣\"2007-03-15\" at 1 grade 1",
                         "birth is a date; \"2007-03-15\" is text", hint: "write dates without quotes: 2007-03-15")
    }

    func testMissingReasonCarriesRule() {
        assertDiagnostic("suspend G410303200703150011 on 2016-03-01 1️⃣", "a suspension needs a reason: add reason \"…\"", rule: "R13")
        assertDiagnostic("withdraw G410303200703150011 1️⃣\nfind", "a withdrawal needs a reason: add reason \"…\"", rule: "R12")
        assertDiagnostic("correct G410303200703150011 set name = \"李四\" 1️⃣; find",
                         "a correction needs a reason: add reason \"…\"", rule: "R11")
        assertDiagnostic("correct G410303200703150011 set 1️⃣no = G410303200703150012 reason \"x\"",
                         "the registry number cannot be corrected: it is issued once and never changes", rule: "R3")
        assertDiagnostic("correct G410303200703150011 set 1️⃣grade = 3 reason \"x\"",
                         "grade cannot be corrected: use promote, or transfer … grade N")
    }

    func testTrailingGarbage() {
        assertDiagnostic("rules 1️⃣xyz", "unexpected 'xyz' after the end of the statement")
        assertDiagnostic("history G410303200703150011 1️⃣as of 2020-01-01", "unexpected 'as' after the end of the statement")
        assertDiagnostic("find where grade = 1 1️⃣)", "unexpected ')' after the end of the statement")
    }

    func testLineStartingWithClauseKeyword() {
        assertDiagnostic("find\n1️⃣where grade = 1", "a line cannot begin with 'where': end the line above with '\\' to continue it")
        assertDiagnostic("find where grade = 1\n  1️⃣and class = 2", "a line cannot begin with 'and': end the line above with '\\' to continue it")
        assertDiagnostic("find where grade = 1\n 1️⃣show name, birth", "a line cannot begin with 'show': end the line above with '\\' to continue it")
        XCTAssertEqual(parseValid("find\nshow G410303200703150011").count, 2)
        assertDiagnostic("find where grade = 1\n1️⃣ORDER by name", "a line cannot begin with 'ORDER': end the line above with '\\' to continue it")
    }

    func testExpectedMessages() {
        assertDiagnostic("enrol G410303200703150011 at 4103030101 grade 1️⃣x", "expected a grade number after 'grade', found 'x'")
        assertDiagnostic("enrol G410303200703150011 at 4103030101 grade1️⃣", "expected a grade number after 'grade'")
        assertDiagnostic("find where1️⃣\n", "expected a field name after 'where'",
                         hint: "the statement ends with this line; end the line with '\\' to continue it on the next")
        assertDiagnostic("find where (grade = 1 1️⃣", "expected ')' to close the bracket after '1'")
        assertDiagnostic("find 1️⃣grade = 1", "expected 'where' before the condition")
        assertDiagnostic("find limit 5 where grade = 1 1️⃣limit 3", "duplicate 'limit' clause",
                         hint: "find takes each of where, show, order by, limit once")
        _ = parseValid("find limit 5 where grade = 1 show no, name as of 2024-09-01")
        _ = parseValid("count by grade where school = 4103030001 order by count desc limit 3 show share")
        assertDiagnostic("transfer 1️⃣G4103 to 4103030002", "invalid registry number 'G4103'", rule: "R3")
        assertDiagnostic("enrol name = \"张三\", gender = M 1️⃣at 4103030001 grade 1",
                         "enrol needs the student's birth: expected ', birth = …' after 'M', found 'at'")
        // The IME's ， is a comma now (issue 16): here a comma after a complete statement.
        assertDiagnostic("find where name = \"张三\" 1️⃣，grade = 1", "unexpected '，' after the end of the statement")
        assertDiagnostic("find where name = \"张三\" 1️⃣。", "unexpected character '。'")
        assertDiagnostic("record G410303200703150011 1️⃣awards \"x\"", "unknown record kind 'awards'; did you mean 'award'?")
        assertDiagnostic("add school 4103030001 name \"一小\" stage primary1️⃣", "add school needs a district: expected 'district' after 'primary'")
    }

    /// One bad statement does not hide the next ones.
    func testRecoveryContinuesAfterAnError() {
        let r = RQLParser.parse("fnd\nfind where grade = \"x\"\ncount\nsuspend G410303200703150011")
        XCTAssertEqual(r.diagnostics.map(\.span.start.line), [1, 2, 4])
        XCTAssertEqual(r.statements.count, 1)
        XCTAssertEqual(r.items.count, 4)
    }

    func testRendererPlacesCaretByTerminalWidth() {
        let src = "find where name = \"张三\" and grade = \"x\""
        let r = RQLParser.parse(src)
        let text = DiagnosticRenderer.render(r.diagnostics[0], source: src, fileName: "a.rql")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines[0], "a.rql:1:36: error: grade is a number; \"x\" is text")
        XCTAssertEqual(lines[1], Substring(src))
        // 张三 are two columns each: the caret sits 2 columns further right than the Character count.
        XCTAssertEqual(lines[2], String(repeating: " ", count: 37) + "^~~")
    }

    func testRendererRuleAndInteractiveForms() {
        let src = "suspend G410303200703150011"
        let d = RQLParser.parse(src).diagnostics[0]
        let file = DiagnosticRenderer.render(d, source: src, fileName: "x.rql")
        XCTAssertTrue(file.hasPrefix("x.rql:1:28: error[R13]: a suspension needs a reason"), file)
        let interactive = DiagnosticRenderer.render(d, source: src)
        XCTAssertTrue(interactive.hasPrefix("1:28: error[R13]: "), interactive)
        XCTAssertTrue(interactive.contains("\n" + String(repeating: " ", count: 27) + "^\n"), interactive)
        XCTAssertTrue(interactive.contains("hint: e.g. suspend G410303200703150011 reason"), interactive)
    }

    func testChunkLineNumbersWithFirstLine() {
        let r = RQLParser.parse("find where grade = \"x\"", firstLine: 41)
        XCTAssertEqual(r.diagnostics.first?.span.start.line, 41)
        XCTAssertTrue(DiagnosticRenderer.render(r.diagnostics[0], source: "find where grade = \"x\"", fileName: "s.rql")
            .hasPrefix("s.rql:41:20: error: "))
    }
}
