import Foundation
import RQL
import Registry
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

/// `.output FILE` goes through the engine's `OutputFile`: never into a registry, always 0600.
final class OutputIntoRegistryTests: XCTestCase {
    var dir = ""

    override func setUp() {
        super.setUp()
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-output-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
        super.tearDown()
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    func testOutputIntoRegistryDirectoryIsRefused() throws {
        let reg = dir + "/reg"
        let store = try DiskDatabase.open(at: reg, today: Day(year: 2024, month: 9, day: 1)!)
        defer { store.close() }
        let journal = FileManager.default.contents(atPath: reg + "/journal.xj")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.txt", withDestinationPath: reg + "/journal.xj")
        let target = OutputTarget()
        for path in [reg + "/journal.xj", reg + "/out.txt", dir + "/link.txt", reg] {
            XCTAssertThrowsError(try target.redirect(to: path)) { error in
                let message = (error as? DotCommandError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("refused: \(path) "), message)
                XCTAssertTrue(message.contains(reg), message)
            }
            XCTAssertNil(target.path, "still on stdout")
        }
        XCTAssertEqual(FileManager.default.contents(atPath: reg + "/journal.xj"), journal)
        XCTAssertFalse(FileManager.default.fileExists(atPath: reg + "/out.txt"))
    }

    func testOutputWritesMode0600AndDevicesAsTheyAre() throws {
        let path = dir + "/out.txt"
        _ = FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        let target = OutputTarget()
        try target.redirect(to: path)
        XCTAssertEqual(mode(path), 0o600)
        target.write("a\n")
        try target.redirect(to: "/dev/null")     // switching closes the file, written as it went
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "a\n")
        target.write("lost\n")
        try target.redirect(to: nil)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.txt"], "no temp file left")
    }
}
