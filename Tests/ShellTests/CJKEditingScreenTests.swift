import Foundation
import XCTest

/// Issue 14, item 5: editing Chinese in the middle of a line keeps the cursor where the text
/// is (libedit drew it a column off after a Backspace over a CJK character). The screen is
/// read through tmux (a real terminal emulator): the line as drawn and the cursor's column.
/// tmux missing is a failure, not a skip (`make deps` installs it).
final class CJKEditingScreenTests: XCTestCase {
    let session = "xueji-cjk-\(getpid())"

    /// Runs tmux with `args` and returns its standard output. (posix_spawn and waitpid, not
    /// Process: the server `new-session` starts keeps the client's descriptors and Foundation's
    /// Process then never sees the client end.)
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(session)-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outPath) }
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["/usr/bin/env", "tmux", "-L", session] + args
        var cargs = argv.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, &cargs, environ)
        XCTAssertEqual(rc, 0, "cannot start tmux")
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        XCTAssertEqual(status, 0, "tmux \(args.joined(separator: " ")) failed (is tmux installed? make deps installs it)")
        return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    }

    /// The prompt line as drawn and the cursor's column, once the screen stops changing.
    func screen() throws -> (line: String, cursor: Int) {
        var last = ""
        for _ in 0..<50 {
            usleep(100_000)
            let now = try tmux(["capture-pane", "-p", "-t", session]) + tmux(["display", "-p", "-t", session, "#{cursor_x}"])
            if now == last { break }
            last = now
        }
        let lines = try tmux(["capture-pane", "-p", "-t", session]).split(separator: "\n", omittingEmptySubsequences: false)
        let line = lines.last { $0.hasPrefix("xueji:memory> ") }.map(String.init) ?? ""
        let cursor = Int(try tmux(["display", "-p", "-t", session, "#{cursor_x}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        return (String(line.dropFirst("xueji:memory> ".count)).replacingOccurrences(of: " +$", with: "", options: .regularExpression), cursor)
    }

    func keys(_ k: String...) throws { try tmux(["send-keys", "-t", session] + k) }

    func testBackspaceAndDeleteOverChineseInTheMiddleOfALine() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("cjkhome")
        defer { try? FileManager.default.removeItem(at: home) }
        // TERM=xterm while tmux sends its own Home and End sequences: xueji binds the common forms.
        try tmux(["new-session", "-d", "-s", session, "-x", "80", "-y", "12",
                  "env HOME=\(home.path) LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm \(binary) --today 2025-11-01"])
        defer { _ = try? tmux(["kill-server"]) }
        let prompt = "xueji:memory> ".count
        var tries = 0
        while try !tmux(["capture-pane", "-p", "-t", session]).contains("xueji:memory> ") && tries < 100 { usleep(100_000); tries += 1 }
        // 王思晨 sh, Left ×4 (before 晨), Backspace: 王晨 sh, the cursor after 王 (2 columns).
        try keys("王思晨 sh"); try keys("Left", "Left", "Left", "Left"); try keys("BSpace")
        var s = try screen()
        XCTAssertEqual(s.line, "王晨 sh")
        XCTAssertEqual(s.cursor, prompt + 2, "the cursor sits between 王 and 晨")
        // Insert before 晨, then Delete and Backspace around it.
        try keys("欧阳"); try keys("Left", "Left"); try keys("DC"); try keys("BSpace")
        s = try screen()
        XCTAssertEqual(s.line, "阳晨 sh")
        XCTAssertEqual(s.cursor, prompt)
        try keys("End", "甲乙丙", "Home", "Right", "Right", "BSpace")
        s = try screen()
        XCTAssertEqual(s.line, "阳 sh甲乙丙")
        XCTAssertEqual(s.cursor, prompt + 2)
        // What is run is what is shown.
        try keys("C-u", "find where name = \"王思晨\"", "Left", "Left", "BSpace", "Enter")
        usleep(300_000)
        let all = try tmux(["capture-pane", "-p", "-t", session])
        XCTAssertTrue(all.contains("0 students"), all)
    }
}
