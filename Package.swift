// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "xueji",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "xueji", targets: ["xueji"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "RQL", targets: ["RQL"]),
        .library(name: "Sheets", targets: ["Sheets"]),
        .library(name: "PostgresRegistry", targets: ["PostgresRegistry"]),
        .library(name: "PostgresRQL", targets: ["PostgresRQL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "Registry",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), "Sheets"]),
        .target(name: "RQL", dependencies: ["Registry"]),
        // The PostgreSQL backend: the engine's ChainStore on a server, so Registry itself never
        // depends on PostgresNIO.
        .target(name: "PostgresRegistry", dependencies: ["Registry", .product(name: "PostgresNIO", package: "postgres-nio")]),
        // RQL's finds and counts compiled to SQL for the PostgreSQL backend.
        .target(name: "PostgresRQL", dependencies: ["PostgresRegistry", "RQL", "Registry"]),
        .target(name: "Generator", dependencies: ["Registry"]),
        .target(
            name: "Sheets",
            dependencies: [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ]),
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "Shell", dependencies: ["RQL", "Registry", "CEditLine"]),
        .executableTarget(
            name: "xueji",
            dependencies: ["Shell", "Generator", "PostgresRegistry", "PostgresRQL", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "xueji-bench", dependencies: ["Registry"]),
        .executableTarget(name: "xueji-pgbench", dependencies: ["PostgresRegistry", "PostgresRQL", "RQL", "Registry", "Generator"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry"]),
        .testTarget(name: "StorageTests", dependencies: ["Registry", "Generator", .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "RQLTests", dependencies: ["RQL", "Registry", "Generator"], exclude: ["Golden", "Fixtures", "FuzzCorpus"]),
        .testTarget(name: "PostgresRegistryTests", dependencies: ["PostgresRegistry", "PostgresRQL", "Registry", "RQL", "Shell", "Generator"]),
        .testTarget(name: "SheetsTests", dependencies: ["Sheets", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "RQL", "Registry", "Generator"], exclude: ["Golden", "Transcripts", "pty_driver.py"]),
    ]
)
