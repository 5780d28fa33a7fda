// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "querylens",
    products: [
        .executable(name: "querylens", targets: ["QueryLensCLI"]),
        .library(name: "QueryLensCore", targets: ["QueryLensCore"]),
        // The LD_PRELOAD tracer of `querylens record --sqlite`: libquerylens-sqlite-trace.so,
        // found beside the querylens binary.
        .library(name: "querylens-sqlite-trace", type: .dynamic, targets: ["QueryLensSQLiteTrace"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The recording proxy (`querylens record`) and the trace receiver (`querylens collect`),
        // each in its own target.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // TLS from `querylens record` to a managed PostgreSQL that requires it.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // OTLP/gRPC for `querylens collect` (the Collector's load-balancing exporter speaks only gRPC).
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        // The OTLP messages of `querylens collect` (generated code: Scripts/generate-otlp-swift).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // The `.querylens.yml` configuration of `check`.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // The C libraries QueryLens talks to databases through. No Swift driver sits in between:
        // the core wraps them thinly (Sources/QueryLensCore/Database).
        // libpq is loaded at run time (Sources/CLibPQ): a binary without it still reads logs and
        // SQLite, and says what to install when asked for PostgreSQL. No headers needed to build.
        .target(
            name: "CLibPQ",
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]
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
        // C, no Swift: interposes sqlite3_open* in an application and traces each statement
        // (Sources/QueryLensSQLiteTrace/sqlite_trace.c). SQLite's header only: the application's
        // own libsqlite3 is found at run time.
        .target(
            name: "QueryLensSQLiteTrace",
            linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]
        ),
        // The commit of a release build (Scripts/build-release defines it).
        .target(name: "QueryLensBuildInfo"),
        // Everything that is not I/O plumbing of the command line: SQL core, readers, detectors,
        // advisors, database adapters, report writers. No SwiftNIO, no argument parser.
        .target(
            name: "QueryLensCore",
            dependencies: ["CLibPQ", "CSQLite3", "CZlib", "QueryLensBuildInfo", .product(name: "Yams", package: "Yams")]
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
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // An OpenTelemetry OTLP/HTTP trace receiver that finds N+1 in traces as they arrive
        // (`querylens collect`). SwiftNIO and swift-protobuf, like the recorder kept out of the core.
        .target(
            name: "QueryLensCollector",
            dependencies: [
                "QueryLensCore",
                "QueryLensRecorder",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .executableTarget(
            name: "QueryLensCLI",
            dependencies: [
                "QueryLensCore",
                "QueryLensRecorder",
                "QueryLensCollector",
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
            dependencies: ["QueryLensCore", .product(name: "Yams", package: "Yams")]
        ),
        .testTarget(
            name: "QueryLensCollectorTests",
            dependencies: [
                "QueryLensCollector",
                "QueryLensCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "QueryLensRecorderTests",
            dependencies: [
                "QueryLensRecorder",
                "QueryLensCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
    ]
)
