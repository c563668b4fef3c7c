import Foundation
import XCTest

/// Finds and runs the real `xueji` executable for end-to-end tests.
enum XuejiBinary {
    /// `$XUEJI_BIN`, else `xueji` next to the test bundle (SwiftPM puts every product of a
    /// build in one directory), else `.build/debug/xueji` under the package root.
    static func path() throws -> String {
        let fm = FileManager.default
        let env = ProcessInfo.processInfo.environment
        if let bin = env["XUEJI_BIN"], !bin.isEmpty {
            guard fm.isExecutableFile(atPath: bin) else { throw BinaryMissing(message: "XUEJI_BIN=\(bin) is not an executable file") }
            return bin
        }
        var candidates: [URL] = []
        // Linux: argv[0] is the .xctest executable; macOS: the bundle sits in the products dir.
        for start in [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL,
                      Bundle(for: BundleToken.self).bundleURL] {
            var dir = start.resolvingSymlinksInPath()
            for _ in 0..<4 {
                dir = dir.deletingLastPathComponent()
                candidates.append(dir.appendingPathComponent("xueji"))
            }
        }
        let root = packageRoot
        candidates.append(root.appendingPathComponent(".build/debug/xueji"))
        for url in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: url.path) {
                return url.path
            }
        }
        throw BinaryMissing(message: "xueji binary not found (build it with `swift build`, or set XUEJI_BIN); looked in \(candidates.map(\.path))")
    }

    /// The package's root directory (two levels above this file).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A fresh, empty directory under the system temporary directory.
    static func makeTempDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("xueji-\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A clean environment: HOME in a temp dir (no history file of the user's is touched), a
    /// fixed actor and a UTF-8 locale; nothing else leaks in from the test runner.
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        let env = ProcessInfo.processInfo.environment
        var out: [String: String] = [
            "HOME": home.path,
            "USER": "tester",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PATH": env["PATH"] ?? "/usr/bin:/bin",
            "TZ": "UTC",
        ]
        for (k, v) in extra { out[k] = v }
        return out
    }
}

extension XuejiBinary {
    /// What a run of the binary left: its exit status and both outputs.
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// Runs the binary with `args` in `work`, `stdin` on its standard input.
    static func run(_ args: [String], stdin: String = "", in work: URL, environment: [String: String]? = nil) throws -> Run {
        try runProgram(try path(), args, stdin: stdin, in: work, environment: environment)
    }

    /// Runs any program (`/usr/bin/env` + a tool's name finds one on PATH) the same way.
    static func runProgram(_ program: String, _ args: [String], stdin: String = "", in work: URL? = nil,
                           environment: [String: String]? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        if let work { p.currentDirectoryURL = work }
        if let environment { p.environment = environment }
        let input = Pipe(), out = Pipe(), err = Pipe()
        p.standardInput = input; p.standardOutput = out; p.standardError = err
        try p.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}

private final class BundleToken {}

/// The tests need the real binary: without it they fail (a skipped test checks nothing).
struct BinaryMissing: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
