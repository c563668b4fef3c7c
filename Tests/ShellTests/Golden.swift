import Foundation
import XCTest

/// Compares text with a golden file under `Tests/ShellTests/Golden/`; with `XUEJI_RECORD=1`
/// the file is (re)written instead.
func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let dir = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Golden")
    let url = dir.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["XUEJI_RECORD"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        XCTAssertNoThrow(try actual.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("missing golden file \(name).txt; run with XUEJI_RECORD=1", file: file, line: line)
        return
    }
    XCTAssertEqual(actual, expected, "golden \(name).txt differs", file: file, line: line)
}
