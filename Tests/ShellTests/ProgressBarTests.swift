import XCTest
@testable import Shell

final class ProgressBarTests: XCTestCase {
    final class Box: @unchecked Sendable { var now = 0.0; var written: [String] = [] }

    func testSilentForTheFirstSecondThenDrawsAndClears() {
        let box = Box()
        let bar = ProgressBar(label: "import", enabled: true, width: 60, clock: { box.now }, output: { box.written.append($0) })
        bar.update(done: 10, total: 1000)
        box.now = 0.9
        bar.update(done: 100, total: 1000)
        XCTAssertTrue(box.written.isEmpty)
        box.now = 2.0
        bar.update(done: 500, total: 1000)
        XCTAssertEqual(box.written.count, 1)
        XCTAssertTrue(box.written[0].contains("500/1000"), box.written[0])
        XCTAssertTrue(box.written[0].contains(" 50%"), box.written[0])
        XCTAssertTrue(box.written[0].contains("250/s"), box.written[0])
        box.now = 2.05
        bar.update(done: 510, total: 1000)
        XCTAssertEqual(box.written.count, 1, "throttled")
        bar.finish()
        XCTAssertEqual(box.written.last, "\r\u{1B}[K")
    }

    func testDisabledWhenNotATerminal() {
        let box = Box()
        let bar = ProgressBar(enabled: false, clock: { box.now }, output: { box.written.append($0) })
        box.now = 5
        bar.update(done: 1, total: 2)
        bar.finish()
        XCTAssertTrue(box.written.isEmpty)
    }

    func testLineFitsWidth() {
        let line = ProgressBar.line(label: "导入", done: 1234, total: 5000, elapsed: 2, width: 50)
        XCTAssertLessThan(line.terminalWidth, 50, line)
        XCTAssertTrue(line.hasSuffix("1234/5000  24%  617/s"), line)
    }
}
