import Foundation
import RQL
import XCTest
@testable import Shell

final class OutputTargetTests: XCTestCase {
    func testRedirectsToAFileAndBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-out-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let target = OutputTarget()
        try target.redirect(to: path)
        XCTAssertEqual(target.path, path)
        XCTAssertNil(target.width, "files are not cut to a width")
        let table = ResultTable(columns: [.init("name", .text)], rows: [[.text("欧阳娜娜")]])
        target.write(OutputMode.csv.renderer(options: RenderOptions()).render([.table(table)]))
        try target.redirect(to: nil)
        XCTAssertNil(target.path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "name\n欧阳娜娜\n")
        XCTAssertThrowsError(try target.redirect(to: "/nonexistent-dir/x.csv"))
    }

    func testContinuationPromptAlignsToPrompt() {
        XCTAssertEqual(LineEditor.continuationPrompt(alignedTo: "xueji:luoyang> "), "          ...> ")
        XCTAssertEqual(LineEditor.continuationPrompt(alignedTo: "xueji:洛阳> "), "       ...> ")
        XCTAssertEqual(LineEditor.continuationPrompt(alignedTo: "> "), "...> ")
    }

    func testHistoryPathFromEnvironment() {
        XCTAssertEqual(LineEditor.defaultHistoryPath(environment: ["XUEJI_HISTORY": "/tmp/h", "HOME": "/root"]), "/tmp/h")
        XCTAssertEqual(LineEditor.defaultHistoryPath(environment: ["HOME": "/home/王"]), "/home/王/.xueji_history")
        XCTAssertNil(LineEditor.defaultHistoryPath(environment: [:]))
    }
}
