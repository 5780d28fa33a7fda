// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "querylens",
    products: [
        .executable(name: "querylens", targets: ["QueryLensCLI"]),
        .library(name: "QueryLensCore", targets: ["QueryLensCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The recording proxy (`querylens record`), in its own target.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The `.querylens.yml` configuration of `check`.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The C libraries QueryLens talks to databases through. No Swift driver sits in between:
        // the core wraps them thinly (Sources/QueryLensCore/Database).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Rotated logs are usually gzipped: read them through zlib, streaming.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite3",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Everything that is not I/O plumbing of the command line: SQL core, readers, detectors,
        // advisors, database adapters, report writers. No SwiftNIO, no argument parser.
        .target(
            name: "QueryLensCore",
            dependencies: ["CLibPQ", "CSQLite3", "CZlib", .product(name: "Yams", package: "Yams")]
        ),
        // A PostgreSQL wire-protocol proxy that records what an application runs, as QueryLens
        // JSONL. The only SwiftNIO code; the core stays free of it.
        .target(
            name: "QueryLensRecorder",
            dependencies: [
                "QueryLensCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "QueryLensCLI",
            dependencies: [
                "QueryLensCore",
                "QueryLensRecorder",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Throughput and peak memory per stage; run with `swift run -c release querylens-bench`.
        .executableTarget(
            name: "querylens-bench",
            dependencies: ["QueryLensCore"],
            path: "Benchmarks/QueryLensBench"
        ),
        .testTarget(
            name: "QueryLensCoreTests",
            dependencies: ["QueryLensCore"]
        ),
        .testTarget(
            name: "QueryLensRecorderTests",
            dependencies: [
                "QueryLensRecorder",
                "QueryLensCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
    ]
)
