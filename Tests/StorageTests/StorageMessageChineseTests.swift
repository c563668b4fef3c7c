#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import XCTest
@testable import Registry

/// Issue 16: the storage messages' Chinese texts — the same arguments as the English, inner
/// messages and parts (sections, file actions, head records) in Chinese too, and `text(_:)`
/// choosing the language.
final class StorageMessageChineseTests: XCTestCase {
    func testTransactionsAndInterruption() {
        XCTAssertEqual(StorageMessage.interrupted.chinese, "已中断")
        XCTAssertEqual(StorageMessage.abortedTransactionRolledBack(undone: 3).chinese,
                       "事务已因先前的错误而中止，现已回滚（撤销了 3 项更改）；没有提交任何内容")
        XCTAssertEqual(StorageMessage.changeNotSaved(.readOnlyFileSystem(.write("/r/journal.xj"))).chinese,
                       "更改未能保存，已撤销：文件系统为只读：请使用 --read-only（无法写入 /r/journal.xj）")
    }

    func testJournalAndHeadFile() {
        XCTAssertEqual(StorageMessage.journalCut(holds: 5, recordedBy: .expectHead, records: 8).chinese,
                       "日志有 5 条条目，但选项 --expect-head 指定的链头记录了 8 条：条目 #6…#8 缺失（日志被截断）")
        XCTAssertEqual(StorageMessage.journalCut(holds: 5, recordedBy: .registryHeadFile, records: 6).chinese,
                       "日志有 5 条条目，但学籍库的 head 文件记录了 6 条：条目 #6 缺失（日志被截断）")
        XCTAssertEqual(StorageMessage.damaged(registry: "/r", problem: .entryDamaged(entry: "#3", byte: 120, reason: .brokenChain)).chinese,
                       "学籍库 /r 已损坏：日志条目 #3（字节 120 处）已损坏：它与前一个条目衔接不上（哈希链断裂）：有条目被改动、删除或插入")
        XCTAssertEqual(StorageMessage.tornEntryDropped(sequence: 9, have: 12, need: 80).chinese,
                       "日志：删除了不完整的最后一个条目（#9，已有 12 字节，共 80 字节）——它从未被确认")
        XCTAssertEqual(StorageMessage.signedByRevokedActor(ActorName("school:4103030001")!).chinese,
                       "[R22] 它由 school:4103030001 签名，但该用户的密钥在此之前已被吊销")
    }

    func testSnapshotsAndSalvage() {
        XCTAssertEqual(StorageMessage.sectionMissing(.studentRows).chinese, "它缺少学生行部分")
        XCTAssertEqual(StorageMessage.chunkMismatch(from: 64, to: 4159, section: .idIndex).chinese,
                       "字节 64…4159（其身份证号索引）与其哈希不符")
        let head = ChainHead(entries: 3, hash: [UInt8](repeating: 0xab, count: 32))
        XCTAssertEqual(StorageMessage.salvaged(head: head, students: 40, events: 52, lost: .checksumMismatch, lostBytes: 300).chinese,
                       "已抢救 3 条日志条目（40 名学生，52 条事件）；新的链头为 \(head)\n"
                           + "丢失：其校验和与内容不符：该条目被改动过；条目 #3 之后的 300 字节未被复制")
        XCTAssertEqual(StorageMessage.fileFailed(.rename(from: "/r/a.tmp", to: "/r/a"), errno: ENOENT).chinese,
                       "无法将 /r/a.tmp 重命名为 /r/a：\(String(cString: strerror(ENOENT)))")
    }

    func testVerify() {
        XCTAssertEqual(StorageMessage.verifyOK(entries: 12, events: 30, students: 20).chinese,
                       "校验：通过——12 条日志条目，哈希链完整；重放得到的 30 条事件、20 名学生与内存中的学籍库完全一致")
        XCTAssertEqual(StorageMessage.verifyDamaged(problems: 2, entriesChecked: 7).chinese,
                       "校验：已损坏——2 个问题（发现第一个问题之前已校验 7 条条目）")
        XCTAssertEqual(StorageMessage.fixedClockEntries(count: 12, first: [1, 2, 3]).chinese,
                       "12 条已签名条目是以固定时钟（--today）写入的：#1、#2、#3、…")
    }

    func testImportsKeepTheFileRowPrefix() {
        XCTAssertEqual(StorageMessage.notSchoolCode(column: "school", text: "41").chinese, "school 的值“41”不是 10 位学校代码")
        XCTAssertEqual(StorageMessage.missingColumns(["name", "birth"]).chinese, "缺少列 name、birth；必须有表头行")
        XCTAssertEqual(StorageMessage.emptyCSV(file: "p.csv", columns: ["no", "name"]).chinese, "p.csv: 空文件；必须有表头行（no,name）")
        let row = StorageMessage.atLine(file: "pupils.csv", line: 7, rule: .r5, problem: .storage(.badGrade("13")))
        let zh = row.chinese
        XCTAssertTrue(zh.hasPrefix("pupils.csv:7: [R5] "), zh)
        // The inner message is an EngineMessage: in Chinese once that catalogue has its Chinese.
        if EngineMessage.storage(.badGrade("13")) as Any is any Localized {
            XCTAssertEqual(zh, "pupils.csv:7: [R5] 年级“13”不是 1–12 的年级")
        }
        let refused = StorageMessage.importRefused(file: "pupils.csv", badRows: 3, rows: [row])
        XCTAssertEqual(refused.chinese.split(separator: "\n").map(String.init),
                       ["导入 pupils.csv 被拒绝：3 行有误；未导入任何内容", zh, "……另有 2 行"])
    }

    func testTextPicksTheLanguage() {
        let m = StorageMessage.openReadOnly(registry: "/r")
        XCTAssertEqual(m.text(.en), "registry /r is open read-only")
        XCTAssertEqual(m.text(.zh), "学籍库 /r 以只读方式打开")
        XCTAssertEqual(StorageMessage.HeadRecord.itsHeadFile.text(.zh), "它的 head 文件")
        XCTAssertEqual(StorageMessage.FileAction.map("/r/snapshot.xjs").text(.en), "cannot map /r/snapshot.xjs")
        let saved = Language.current
        defer { Language.current = saved }
        Language.current = .zh
        XCTAssertEqual(m.text, "学籍库 /r 以只读方式打开")
        XCTAssertEqual(StorageMessage.ImageSection.hukouIndex.text, "户籍索引")
        Language.current = .en
        XCTAssertEqual(m.text, "registry /r is open read-only")
        XCTAssertEqual("\(m)", "registry /r is open read-only")
    }
}
