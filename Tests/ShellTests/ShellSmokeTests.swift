import XCTest
@testable import Shell

final class ShellSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
