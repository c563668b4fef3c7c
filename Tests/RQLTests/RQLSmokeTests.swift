import XCTest
@testable import RQL

final class RQLSmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
