import Foundation
import XCTest
@testable import Sheets

/// A sheet big enough to matter. 100,000 rows × 9 columns take about 6 s to read in a debug
/// build (2 s in release; measured by hand, see the commit), so the test reads 25,000 rows:
/// still a 14 MB worksheet part, past the ~10 MB at which Foundation's `XMLParser(data:)` on
/// Linux gives up, which the reader avoids by streaming.
final class LargeSheetTests: XCTestCase {
    static let header = ["身份证号", "姓名", "性别", "出生日期", "民族", "户籍", "学校", "年级", "入学日期"]

    static func rows(_ n: Int) -> [[String]] {
        let names = ["王思晨", "李思思", "张一凡", "赵武", "陈晓明", "刘洋", "杨帆", "黄蕾"]
        return (0..<n).map { (i: Int) -> [String] in
            let birth = String(format: "%04d-%02d-%02d", 2006 + i % 10, 1 + i % 12, 1 + i % 28)
            let id = "410303" + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d%d", i % 1000, i % 10)
            let name = names[i % names.count] + String(i % 97)
            let gender = i % 2 == 0 ? "男" : "女"
            let school = String(format: "41030300%02d", i % 50)
            let enrolled = i % 5 == 0 ? "" : "2023-09-01"
            return [id, name, gender, birth, "汉族", "410303", school, String(1 + i % 9), enrolled]
        }
    }

    func testTwentyFiveThousandRowsRoundTrip() throws {
        let rows = Self.rows(25_000)
        let data = try XLSXWriter.write(header: Self.header, rows: rows)
        let parts = try SheetsFixtures.unzip(data)
        XCTAssertGreaterThan(parts["xl/worksheets/sheet1.xml"]!.utf8.count, 12_000_000)
        let read = try XLSXReader.firstSheet(of: data)
        XCTAssertEqual(read.count, 25_001)
        XCTAssertEqual(read.last?.number, 25_001)
        XCTAssertEqual(read.map { $0.cells.map { if case .text(let s) = $0 { s } else { "" } } },
                       ([Self.header] + rows).map { Array($0.reversed().drop { $0.isEmpty }.reversed()) })
    }
}
