import XCTest
@testable import Registry

final class RegistrySmokeTests: XCTestCase {
    func testModuleLoads() { XCTAssertTrue(true) }
}
