import XCTest
@testable import Registry
@testable import RQL

/// Issue 14, item 7: a school code's length message counts digits (and says when other
/// characters are in it); codes typed with full-width digits (an IME's ０–９) are read as ASCII.
final class SchoolCodeInputTests: XCTestCase {
    func refusal(_ s: Session, _ text: String) -> String? {
        do { try s.run(text); return nil } catch let d as Diagnostic { return d.message } catch { return "\(error)" }
    }

    func testLengthMessagesCountDigits() {
        let s = makeTestSession()
        XCTAssertEqual(refusal(s, #"add school 41030300 name "x" stage primary district 410303"#),
                       "a school code has 10 digits; '41030300' has 8")
        XCTAssertEqual(refusal(s, #"add school "41030300a1" name "x" stage primary district 410303"#),
                       "a school code is 10 digits; '41030300a1' holds 1 other character")
        XCTAssertEqual(refusal(s, #"add school "4103030001号" name "x" stage primary district 410303"#),
                       "a school code is 10 digits; '4103030001号' holds 1 other character")
    }

    func testFullWidthDigitsAreRead() throws {
        let s = makeTestSession()
        try s.run(#"add school "４１０３０３０００１" name "西工区第一小学" stage primary district "４１０３０３""#)
        XCTAssertEqual(try s.rows("find schools"), "4103030001 西工区第一小学 primary 410303 0")
    }
}
