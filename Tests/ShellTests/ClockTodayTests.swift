import Foundation
import XCTest
@testable import Shell

/// Issue 14, item 5: "today" is the day in the registry's time zone (Asia/Shanghai unless
/// `XUEJI_TIMEZONE` names another), not the machine's (often UTC on a server).
final class ClockTodayTests: XCTestCase {
    func testTodayIsBeijingsDay() {
        // 2025-11-01 20:30 UTC is already 2025-11-02 04:30 in Beijing.
        let late = Date(timeIntervalSince1970: 1_762_029_000)
        XCTAssertEqual(ShellRunner.clockToday(now: late, environment: [:]).description, "2025-11-02")
        XCTAssertEqual(ShellRunner.clockToday(now: late, environment: ["XUEJI_TIMEZONE": "UTC"]).description, "2025-11-01")
        XCTAssertEqual(ShellRunner.clockToday(now: late, environment: ["XUEJI_TIMEZONE": "no/such zone"]).description, "2025-11-02",
                       "an unknown zone falls back to Beijing")
        // 2025-11-01 15:59:59 UTC is 23:59:59 in Beijing: still the 1st.
        XCTAssertEqual(ShellRunner.clockToday(now: Date(timeIntervalSince1970: 1_762_012_799), environment: [:]).description, "2025-11-01")
    }
}
