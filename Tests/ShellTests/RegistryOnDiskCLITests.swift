import Foundation
import XCTest
@testable import Registry
@testable import Shell

/// The command line's ways back from damage (issue 11, item 2.2): `--head`, `--expect-head`,
/// `--salvage`, `.backup`, and the exit status of each failure, run through the real binary.
final class RegistryOnDiskCLITests: XCTestCase {
    var work: URL!
    var home: URL!

    override func setUpWithError() throws {
        work = try XuejiBinary.makeTempDirectory("cli")
        home = try XuejiBinary.makeTempDirectory("home")
    }

    override func tearDown() {
        for d in [work, home] { try? FileManager.default.removeItem(at: d!) }
    }

    typealias Run = XuejiBinary.Run

    func xueji(_ args: [String], stdin: String = "") throws -> Run {
        try XuejiBinary.run(args, stdin: stdin, in: work, environment: XuejiBinary.environment(home: home))
    }

    static let script = """
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        enrol name = "张一凡", gender = M, birth = 2007-03-15, id_card = "410303200703150012" at 4103030001 grade 1 on 2013-09-01
        enrol name = "李思思", gender = F, birth = 2007-05-05, id_card = "410303200705050226" at 4103030001 grade 1 on 2013-09-01
        promote where grade = 1 on 2014-09-01

        """

    /// Byte offsets where each journal entry starts.
    func entryStarts(_ journal: URL) throws -> [Int] {
        let b = try [UInt8](Data(contentsOf: journal))
        var at = 16, out: [Int] = []
        while at + 48 <= b.count {
            out.append(at)
            at += 48 + (Int(b[at + 4]) | Int(b[at + 5]) << 8 | Int(b[at + 6]) << 16 | Int(b[at + 7]) << 24) + 32
        }
        return out
    }

    func testHeadExpectHeadAndACutJournal() throws {
        XCTAssertEqual(try xueji(["reg.xj", "--today", "2025-11-01"], stdin: Self.script).status, 0)
        let head = try xueji(["reg.xj", "--head"])
        XCTAssertEqual(head.status, 0, head.stderr)
        let line = head.stdout.trimmingCharacters(in: .newlines)
        XCTAssertNotNil(line.range(of: #"^4:[0-9a-f]{64}$"#, options: .regularExpression), line)
        XCTAssertEqual(try xueji(["reg.xj", "--expect-head", line, "-c", "count"]).status, 0)
        let bad = try xueji(["reg.xj", "--expect-head", "9:" + String(line.dropFirst(2)), "-c", "count"])
        XCTAssertEqual(bad.status, 3)
        XCTAssertTrue(bad.stderr.contains("entries #5…#9 are missing"), bad.stderr)
        XCTAssertEqual(try xueji(["reg.xj", "--expect-head", "not-a-head"]).status, 2)

        // Cut the last entry off at its boundary: acknowledged work gone, and said so.
        let journal = work.appendingPathComponent("reg.xj/journal.xj")
        let starts = try entryStarts(journal)
        let h = try FileHandle(forWritingTo: journal)
        try h.truncate(atOffset: UInt64(starts.last!)); try h.close()
        let open = try xueji(["reg.xj", "-c", "count"])
        XCTAssertEqual(open.status, 3)
        XCTAssertTrue(open.stderr.contains("entry #4 is missing (the journal was cut)"), open.stderr)
        let ro = try xueji(["reg.xj", "--read-only", "-c", "count"])
        XCTAssertEqual(ro.status, 0, ro.stderr)
        XCTAssertTrue(ro.stderr.contains("warning: the journal holds 3 entries"), ro.stderr)
        let verify = try xueji(["reg.xj", "--read-only", "-c", "verify"])
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stderr.contains("error[R14]: verify found damage"), verify.stderr)
        XCTAssertEqual(try xueji(["reg.xj", "--head"]).status, 3, "--head names damage by its status")

        let salvage = try xueji(["reg.xj", "--salvage", "new.xj"])
        XCTAssertEqual(salvage.status, 0, salvage.stderr)
        XCTAssertTrue(salvage.stdout.hasPrefix("salvaged 3 journal entries (2 students"), salvage.stdout)
        XCTAssertTrue(salvage.stdout.contains("entry #4 is missing"), salvage.stdout)
        let rescued = try xueji(["new.xj", "-c", "verify"])
        XCTAssertEqual(rescued.status, 0, rescued.stderr)
        XCTAssertEqual(try xueji(["reg.xj", "--salvage", "new.xj"]).status, 2, "never into a directory that holds something")
    }

    func testBackupWhileOpenOpensAsTheOriginal() throws {
        let r = try xueji(["reg.xj", "--today", "2025-11-01"], stdin: Self.script + ".backup copy.xj\nbegin\nwithdraw G410303200703150012 reason \"出国\"\n.backup copy2.xj\nrollback\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("backed up 4 journal entries to copy.xj; head 4:"), r.stdout)
        let original = try xueji(["reg.xj", "--head"]).stdout
        XCTAssertEqual(try xueji(["copy.xj", "--head"]).stdout, original)
        XCTAssertEqual(try xueji(["copy2.xj", "--head"]).stdout, original, "the open transaction is not in the copy")
        XCTAssertEqual(try xueji(["copy.xj", "-c", "verify"]).status, 0)
        let mem = try xueji([], stdin: ".backup x.xj\n")
        XCTAssertTrue(mem.stderr.contains(".backup needs a registry directory"), mem.stderr)
    }

    func testDamagedSnapshotIsSetAsideNotAnExit3() throws {
        XCTAssertEqual(try xueji(["reg.xj", "--today", "2025-11-01"], stdin: Self.script + ".checkpoint\n").status, 0)
        let snapshot = work.appendingPathComponent("reg.xj/snapshot.xjs")
        var bytes = try [UInt8](Data(contentsOf: snapshot))
        let header = try bytes.withUnsafeBytes { try Snapshot.parseHeader($0, fileSize: bytes.count) }
        let rows = header.sections.first { $0.kind == Snapshot.Section.rows.rawValue }!
        bytes[header.headerLength + Int(rows.offset) + 20] ^= 1
        try Data(bytes).write(to: snapshot)
        // `count` reads no row: the open checks nothing it does not read.
        let quiet = try xueji(["reg.xj", "-c", "count"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
        // The first statement that reads the rows finds the damage before it answers.
        let r = try xueji(["reg.xj", "-c", "count by grade"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("(its student rows) do not match their hash); set aside as reg.xj/snapshot.xjs.damaged; rebuilt from the journal"), r.stderr)
        XCTAssertTrue(r.stdout.contains("2"), r.stdout)
        let again = try xueji(["reg.xj", "-c", "count by grade"])
        XCTAssertEqual(again.stderr, "", "a new image was written")
        XCTAssertEqual(again.stdout, r.stdout)
    }

    /// Issue 13 (first part): keys, actors, and a governed registry whose every entry is signed.
    func testActorsKeysAndSignedEntriesFromTheCommandLine() throws {
        let national = try xueji(["keygen", "--out", "national.key"]), county = try xueji(["keygen", "--out", "county.key"])
        XCTAssertEqual(national.status, 0)
        let nKey = national.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cKey = county.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertTrue(nKey.hasPrefix("ed25519:"), nKey)
        let mode = try FileManager.default.attributesOfItem(atPath: work.appendingPathComponent("national.key").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        XCTAssertEqual(try xueji(["keygen", "--out", "national.key"]).status, 2, "a key file is never overwritten")
        XCTAssertEqual(try xueji(["reg.xj", "--today", "2025-11-01"], stdin: Self.script).status, 0)
        let asNational = ["reg.xj", "--today", "2025-11-01", "--as", "national", "--key", "national.key"]
        let first = try xueji(["reg.xj", "-c", "add actor county:410303 name \"西工区教育局\" key \"\(cKey)\""])
        XCTAssertTrue(first.stderr.contains("error[R18]: the first actor of a registry is national"), first.stderr)
        XCTAssertEqual(try xueji(asNational + ["-c", "add actor national name \"教育部\" key \"\(nKey)\""]).status, 0)
        XCTAssertEqual(try xueji(asNational + ["-c", "add actor county:410303 name \"西工区教育局\" key \"\(cKey)\""]).status, 0)
        let list = try xueji(asNational + ["--mode", "csv", "-c", "find actors"])
        XCTAssertEqual(list.stdout, "actor,name,key,added_by,status\nnational,教育部,\(nKey),,active\ncounty:410303,西工区教育局,\(cKey),national,active\n")
        // Without an actor a governed registry is neither changed (R22) nor read (R18): verify only.
        let unsigned = try xueji(["reg.xj", "--today", "2025-11-01", "-c", "record G410303200703150012 award \"三好学生\""])
        XCTAssertEqual(unsigned.status, 1)
        XCTAssertTrue(unsigned.stderr.contains("error[R22]: this registry is governed"), unsigned.stderr)
        let unread = try xueji(["reg.xj", "-c", "count"])
        XCTAssertTrue(unread.stderr.contains("error[R18]: this registry is governed: open it with --as ACTOR --key FILE to read it"), unread.stderr)
        // The wrong key, or one others can read, is a bad command line.
        XCTAssertEqual(try xueji(["reg.xj", "--as", "county:410303", "--key", "national.key", "-c", "count"]).status, 2)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: work.appendingPathComponent("county.key").path)
        let open = try xueji(["reg.xj", "--as", "county:410303", "--key", "county.key", "-c", "count"])
        XCTAssertEqual(open.status, 2)
        XCTAssertTrue(open.stderr.contains("chmod 600 county.key"), open.stderr)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: work.appendingPathComponent("county.key").path)
        let scope = try xueji(["reg.xj", "--as", "county:410303", "--key", "county.key", "-c", "revoke actor national reason \"x\""])
        XCTAssertTrue(scope.stderr.contains("error[R18]: county:410303 cannot revoke national"), scope.stderr)
        XCTAssertEqual(try xueji(["reg.xj", "--as", "county:410303", "--key", "county.key", "-c", ".checkpoint"]).status, 0)
        let verify = try xueji(["reg.xj", "-c", "verify"])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertTrue((verify.stdout + verify.stderr).contains("2 signed entries were written with a fixed clock (--today): #"),
                      verify.stdout + verify.stderr)
    }

    func testReadOnlyFileSystemIsExit2AndSaysUseReadOnly() throws {
        let dir = work.appendingPathComponent("reg.xj").path
        XCTAssertEqual(try xueji(["reg.xj", "--today", "2025-11-01"], stdin: Self.script).status, 0)
        PosixFile.inject = { _, op in if case .open(let flags) = op, flags & O_ACCMODE != O_RDONLY { return EROFS }; return nil }
        defer { PosixFile.inject = nil }
        XCTAssertThrowsError(try ShellRunner.openDatabase(path: dir, readOnly: false, today: Day("2025-11-01")!, fixedClock: true)) {
            let e = $0 as! ShellError
            XCTAssertEqual(e.status, 2)
            XCTAssertTrue(e.description.hasPrefix("read-only file system: use --read-only"), e.description)
        }
        let ro = try ShellRunner.openDatabase(path: dir, readOnly: true, today: Day("2025-11-01")!, fixedClock: true)
        XCTAssertEqual(ro.registry.studentCount, 2)
        ro.close()
    }
}
