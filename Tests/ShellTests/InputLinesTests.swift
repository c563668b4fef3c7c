import Foundation
import struct Generator.SplitMix
import XCTest
@testable import Shell

/// Statement input read as bytes: the UTF-8 check agrees with the standard library, and the
/// pipe reader splits lines the way `readLine` did.
final class InputLinesTests: XCTestCase {
    func testFirstInvalidByteAgreesWithTheStandardLibrary() {
        var rng = SplitMix(state: 0x0DD_B17E)
        let pieces: [[UInt8]] = [[0x61], [0xE5, 0xBC, 0xA0], [0xC3, 0xA9], [0xF0, 0x9F, 0x98, 0x80], [0xFF], [0xC0, 0xAF],
                                 [0xED, 0xA0, 0x80], [0xE4, 0xB8], [0x80], [0xF4, 0x90, 0x80, 0x80], [0x0A], [0x22]]
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...8, using: &rng)).flatMap { _ in pieces.randomElement(using: &rng)! }
            let bad = InputLines.firstInvalidUTF8(bytes)
            XCTAssertEqual(bad == nil, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
            if let bad {
                XCTAssertNotNil(String(validating: bytes[..<bad], as: UTF8.self), "prefix before \(bad) of \(bytes)")
            }
        }
    }

    func testInvalidLineDiagnosticPointsAtTheBadByte() {
        let line: [UInt8] = Array("find where name = \"张".utf8) + [0xFF] + Array("三\"".utf8)
        let (d, shown) = InputLines.invalidUTF8(line[...], lineNumber: 7)
        XCTAssertEqual(d.span.start.line, 7)
        XCTAssertEqual(d.span.start.column, 21)
        XCTAssertEqual(d.message, "invalid UTF-8 (byte 0xFF); the line is not run")
        XCTAssertEqual(shown, "find where name = \"张\u{FFFD}三\"")
        XCTAssertEqual(d.span.text(in: shown), "\u{FFFD}")
    }

    func testReaderSplitsLinesAcrossReads() {
        let pipe = Pipe()
        var reader = InputLines.Reader(fileDescriptor: pipe.fileHandleForReading.fileDescriptor)
        let long = String(repeating: "x", count: 200_000)
        let writer = pipe.fileHandleForWriting
        // More than a pipe holds: write from another thread while this one reads.
        Thread.detachNewThread {
            writer.write(Data("a\n\nb\r\n\(long)\nlast".utf8))
            try? writer.close()
        }
        var lines: [String] = []
        while let l = reader.next() { lines.append(String(decoding: l, as: UTF8.self)) }
        XCTAssertEqual(lines, ["a", "", "b\r", long, "last"])
    }
}
