import XCTest
@testable import Registry

/// Issue 11, items 2.1 and 2.6: an export never overwrites a registry, output files are fresh
/// 0600 files renamed into place, a registry's own files are never followed through a planted
/// symlink, and a read-only file system says "use --read-only".
final class FileSafetyTests: StorageTestCase {
    var outside = ""

    override func setUp() {
        super.setUp()
        outside = dir + "-outside"
        try? FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    }

    override func tearDown() {
        PosixFile.inject = nil
        try? FileManager.default.removeItem(atPath: outside)
        super.tearDown()
    }

    /// The one place these tests open a registry through the whole open path.
    func openStore(at path: String? = nil, readOnly: Bool = false) throws -> DiskDatabase {
        try DiskDatabase.open(at: path ?? dir, readOnly: readOnly, today: today,
                               clock: { [unowned self] in self.tick += 7; return self.tick })
    }

    func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & 0o7777 : 0
    }

    func inode(_ path: String) -> ino_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_ino : 0
    }

    func assertRefused(_ op: () throws -> Void, mentioning: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try op(), file: file, line: line) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("refused: "), text, file: file, line: line)
            XCTAssertTrue(text.contains(mentioning), "\(text) should mention \(mentioning)", file: file, line: line)
        }
    }

    // MARK: - 2.1 exports

    func testExportIntoRegistryDirectoryIsRefused() throws {
        let store = try openStore()
        try populate(store, students: 4)
        let journal = bytes(journalPath)
        for target in [journalPath, dir + "/lock", dir + "/snapshot.xjs", dir + "/students.csv"] {
            assertRefused({ try store.registry.exportStudents(to: target) }, mentioning: dir)
        }
        assertRefused({ try store.registry.exportSchools(to: dir) }, mentioning: "is a registry directory")
        // Another registry, not the open one: refused just the same.
        let other = dir + "-other"
        defer { try? FileManager.default.removeItem(atPath: other) }
        try openStore(at: other).close()
        assertRefused({ try store.registry.exportStudents(to: other + "/journal.xj") }, mentioning: "registry directory \(other)")
        XCTAssertEqual(bytes(journalPath), journal, "the journal is untouched")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["head", "journal.xj", "lock"])
        store.close()
        let again = try openStore()
        XCTAssertEqual(again.registry.studentCount, 4)
        again.close()
    }

    func testExportThroughSymlinkIntoRegistryIsRefused() throws {
        let store = try openStore()
        try populate(store, students: 4)
        let journal = bytes(journalPath)
        // A link to the journal, a dangling link to a new name in the registry, a link to the directory.
        try FileManager.default.createSymbolicLink(atPath: outside + "/j.csv", withDestinationPath: journalPath)
        try FileManager.default.createSymbolicLink(atPath: outside + "/new.csv", withDestinationPath: dir + "/new.csv")
        try FileManager.default.createSymbolicLink(atPath: outside + "/reg", withDestinationPath: dir)
        assertRefused({ try store.registry.exportStudents(to: outside + "/j.csv") }, mentioning: "resolves to \(journalPath)")
        assertRefused({ try store.registry.exportStudents(to: outside + "/new.csv") }, mentioning: "registry directory \(dir)")
        assertRefused({ try store.registry.exportStudents(to: outside + "/reg/x.csv") }, mentioning: "registry directory \(dir)")
        assertRefused({ try store.registry.exportStudents(to: outside + "/reg/../" + (dir as NSString).lastPathComponent + "/journal.xj") },
                      mentioning: dir)
        XCTAssertEqual(bytes(journalPath), journal)
        XCTAssertFalse(PosixFile.exists(dir + "/new.csv"))
        store.close()
    }

    func testExportOntoAJournalOrSnapshotAnywhereIsRefused() throws {
        let store = try openStore()
        try populate(store, students: 4)
        try store.checkpoint()
        let copy = outside + "/backup.xj", snap = outside + "/backup.xjs"
        try FileManager.default.copyItem(atPath: journalPath, toPath: copy)
        try FileManager.default.copyItem(atPath: snapshotPath, toPath: snap)
        assertRefused({ try store.registry.exportStudents(to: copy) }, mentioning: "is a xueji journal")
        assertRefused({ try store.registry.exportStudents(to: snap) }, mentioning: "is a xueji snapshot")
        XCTAssertEqual(bytes(copy), bytes(journalPath))
        store.close()
    }

    func testExportWritesMode0600ViaTempAndRename() throws {
        let store = try openStore()
        try populate(store, students: 4)
        let out = outside + "/students.csv", twin = outside + "/twin.csv"
        // An existing 0644 file with a hard link: the export replaces the name, not the inode.
        _ = FileManager.default.createFile(atPath: out, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        try FileManager.default.linkItem(atPath: out, toPath: twin)
        let oldInode = inode(out)
        XCTAssertEqual(try store.registry.exportStudents(to: out), 4)
        XCTAssertEqual(mode(out), 0o600)
        XCTAssertNotEqual(inode(out), oldInode, "renamed into place, not rewritten")
        XCTAssertEqual(bytes(out), store.registry.exportStudentsCSV())
        XCTAssertEqual(bytes(twin), Array("old\n".utf8), "a hard link's other name is not written through")
        // A new file, under umask 0: still 0600.
        let saved = umask(0)
        defer { umask(saved) }
        try store.registry.exportSchools(to: outside + "/schools.csv")
        XCTAssertEqual(mode(outside + "/schools.csv"), 0o600)
        // Through a symlink to a file elsewhere: the target is replaced, the link stays a link.
        try FileManager.default.createSymbolicLink(atPath: outside + "/link.csv", withDestinationPath: out)
        try store.registry.exportSchools(to: outside + "/link.csv")
        XCTAssertEqual(bytes(out), store.registry.exportSchoolsCSV())
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: outside + "/link.csv"), out)
        // No temp files left behind.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: outside).sorted(),
                       ["link.csv", "schools.csv", "students.csv", "twin.csv"])
        // A failure names the path.
        XCTAssertThrowsError(try store.registry.exportStudents(to: outside + "/no/such/dir/x.csv")) { error in
            XCTAssertTrue("\(error)".contains("cannot open \(outside)/no/such/dir/x.csv: No such file or directory"), "\(error)")
        }
        store.close()
    }

    func testExportToDevNull() throws {
        let store = try openStore()
        try populate(store, students: 4)
        XCTAssertEqual(try store.registry.exportStudents(to: "/dev/null"), 4)
        var st = stat()
        XCTAssertEqual(stat("/dev/null", &st), 0)
        XCTAssertEqual(st.st_mode & S_IFMT, S_IFCHR, "/dev/null is still the device")
        XCTAssertEqual(OutputFile.descriptorAlias("/dev/stdout"), 1)
        XCTAssertEqual(OutputFile.descriptorAlias("/dev/fd/7"), 7)
        XCTAssertNil(OutputFile.descriptorAlias("/dev/null"))
        store.close()
    }

    func testDescriptorAliasOfAJournalIsRefused() throws {
        let store = try openStore()
        try populate(store, students: 4)
        let journal = bytes(journalPath)
        // /dev/fd/N naming the open journal's descriptor: refused by what the file is.
        let fd = try XCTUnwrap(store.journal?.fd)
        assertRefused({ try store.registry.exportStudents(to: "/dev/fd/\(fd)") }, mentioning: "registry")
        XCTAssertEqual(bytes(journalPath), journal)
        store.close()
    }

    // MARK: - 2.6 the registry's own files

    func plantSymlink(_ name: String, to victim: String) throws {
        try? FileManager.default.removeItem(atPath: dir + "/" + name)
        try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: victim)
    }

    func makeVictim() -> String {
        let victim = outside + "/victim.txt"
        _ = FileManager.default.createFile(atPath: victim, contents: Data("precious\n".utf8), attributes: [.posixPermissions: 0o644])
        return victim
    }

    func testPlantedLockSymlinkIsNotFollowed() throws {
        try openStore().close()
        let victim = makeVictim()
        try plantSymlink("lock", to: victim)
        XCTAssertThrowsError(try openStore()) { error in
            let e = error as? StorageError
            XCTAssertEqual(e?.kind, .symbolicLink)
            XCTAssertEqual(e?.message.hasPrefix("\(dir)/lock is a symbolic link; a registry's files never are"), true, "\(error)")
        }
        XCTAssertEqual(bytes(victim), Array("precious\n".utf8), "not overwritten with a pid")
        XCTAssertEqual(mode(victim), 0o644, "not chmod'ed")
        // A dangling one is not created through either.
        try plantSymlink("lock", to: outside + "/made.txt")
        XCTAssertThrowsError(try openStore())
        XCTAssertFalse(PosixFile.exists(outside + "/made.txt"))
    }

    func testRestrictModeDoesNotFollowASymlink() throws {
        let store = try openStore()
        store.close()
        let victim = makeVictim()
        try plantSymlink("snapshot.xjs", to: victim)
        XCTAssertThrowsError(try PosixFile.restrictMode(snapshotPath)) { error in
            XCTAssertEqual((error as? StorageError)?.kind, .symbolicLink, "\(error)")
        }
        XCTAssertEqual(mode(victim), 0o644)
        XCTAssertNoThrow(try PosixFile.restrictMode(dir + "/absent"))
        chmod(journalPath, 0o644)
        try PosixFile.restrictMode(journalPath)
        XCTAssertEqual(mode(journalPath), 0o600)
    }

    func testPlantedJournalSymlinkIsRefused() throws {
        let store = try openStore()
        try populate(store, students: 4)
        store.close()
        let moved = outside + "/journal.xj"
        try FileManager.default.moveItem(atPath: journalPath, toPath: moved)
        try plantSymlink("journal.xj", to: moved)
        for readOnly in [false, true] {
            XCTAssertThrowsError(try openStore(readOnly: readOnly)) { error in
                XCTAssertEqual((error as? StorageError)?.kind, .symbolicLink, "\(error)")
            }
        }
    }

    func testPlantedSnapshotTempSymlinkIsNotWrittenThrough() throws {
        let store = try openStore()
        try populate(store, students: 5)
        let victim = makeVictim()
        try plantSymlink("snapshot.xjs.tmp", to: victim)
        try store.checkpoint()
        XCTAssertEqual(bytes(victim), Array("precious\n".utf8))
        XCTAssertEqual(mode(victim), 0o644)
        XCTAssertFalse(PosixFile.exists(dir + "/snapshot.xjs.tmp"))
        XCTAssertEqual(mode(snapshotPath), 0o600)
        // A hard link planted under the temp name is replaced, not truncated through, too.
        try FileManager.default.linkItem(atPath: victim, toPath: dir + "/snapshot.xjs.tmp")
        try store.change { try $0.addSchool(Self.junior.with(code: "4103030004")) }
        try store.checkpoint()
        XCTAssertEqual(bytes(victim), Array("precious\n".utf8))
        let before = Registry(today: today)
        before.adopt(store.registry)
        store.close()
        let again = try openStore()
        XCTAssertTrue(again.warnings.isEmpty, "\(again.warnings)")
        assertSame(before, again.registry)
        again.close()
    }

    func testReadOnlyFileSystemSaysUseReadOnly() throws {
        let store = try openStore()
        try populate(store, students: 4)
        store.close()
        // The file layer reports EROFS for anything that would write, as a read-only mount does.
        PosixFile.inject = { _, op in
            switch op {
            case .open(let flags): return flags & (O_WRONLY | O_RDWR) != 0 ? EROFS : nil
            case .read: return nil
            default: return EROFS
            }
        }
        for path in [dir, dir + "-new"] {
            XCTAssertThrowsError(try openStore(at: path)) { error in
                let e = error as? StorageError
                XCTAssertEqual(e?.kind, .readOnlyFileSystem, "\(error)")
                XCTAssertEqual(e?.message.hasPrefix("read-only file system: use --read-only"), true, "\(error)")
                XCTAssertEqual(e?.message.contains(path), true, "names the path: \(error)")
            }
        }
        let reader = try openStore(readOnly: true)
        XCTAssertEqual(reader.registry.studentCount, 4, "--read-only still opens it")
        reader.close()
        // Remounted read-only under a session: the statement is undone and says why.
        PosixFile.inject = nil
        let writer = try openStore()
        PosixFile.inject = { path, op in op == .write && path.hasSuffix("journal.xj") ? EROFS : nil }
        XCTAssertThrowsError(try writer.change { try $0.addSchool(Self.junior.with(code: "4103030003")) }) { error in
            XCTAssertTrue("\(error)".contains("read-only file system: use --read-only"), "\(error)")
        }
        XCTAssertEqual(writer.registry.schools.count, 2)
        PosixFile.inject = nil
        writer.close()
    }
}

private extension School {
    func with(code: String) -> School { School(code: SchoolCode(code)!, name: name + "分校", stage: stage, district: district) }
}
