// swift-tools-version:6.2
import Foundation
import PackageDescription

/// Settings every Rampart target shares: Swift 6 mode plus the upcoming features that keep a library honest.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let environment = ProcessInfo.processInfo.environment

var package = Package(
    name: "Rampart",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "RampartRules", targets: ["RampartRules"]),
        .library(name: "RampartConfig", targets: ["RampartConfig"]),
        .library(name: "RampartReplay", targets: ["RampartReplay"]),
        .executable(name: "rampart", targets: ["rampart"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLiteConfig",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "RampartCrypto", dependencies: ["COpenSSL"], swiftSettings: strictSettings),
        .target(name: "RampartYAML", dependencies: ["CYAML", "RampartSystem"], swiftSettings: strictSettings),
        .target(name: "RampartSystem", swiftSettings: strictSettings),
        .target(name: "RampartRules", dependencies: ["RampartSystem"], swiftSettings: strictSettings),
        .target(
            name: "RampartConfig",
            dependencies: ["RampartYAML", "RampartRules", "RampartCrypto", "RampartSystem"],
            swiftSettings: strictSettings
        ),
        .target(name: "RampartJSON", dependencies: ["RampartRules", "RampartYAML"], swiftSettings: strictSettings),
        .target(
            name: "RampartReplay",
            dependencies: ["RampartRules", "RampartJSON", "RampartSystem"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RampartStore",
            dependencies: [
                "RampartRules", "RampartCrypto", "RampartSystem", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The production order path: durable gate, router, pending live book, promotions, tokens; its
        // long-running passes are `Service`s.
        .target(
            name: "RampartDesk",
            dependencies: [
                "RampartRules", "RampartStore", "RampartExecution", "RampartCrypto", "RampartJSON", "RampartSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The HTTP API over the desk (Hummingbird), reloaders, metrics.
        .target(
            name: "RampartService",
            dependencies: [
                "RampartDesk", "RampartRules", "RampartConfig", "RampartJSON", "RampartStore", "RampartExecution",
                "RampartSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings,
            plugins: ["OpenAPIEmbedPlugin"]
        ),
        // Writes `OpenAPIDocument` (docs/openapi.yaml as JSON) into RampartService at build time.
        .executableTarget(
            name: "OpenAPIEmbedder",
            dependencies: ["RampartYAML", "RampartJSON"],
            swiftSettings: strictSettings
        ),
        .plugin(
            name: "OpenAPIEmbedPlugin",
            capability: .buildTool(),
            dependencies: ["OpenAPIEmbedder"],
            path: "Sources/OpenAPIEmbedPlugin"
        ),
        .target(
            name: "RampartExecution",
            dependencies: [
                "RampartRules", "RampartCrypto", "RampartJSON",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "rampart",
            dependencies: [
                "RampartRules", "RampartConfig", "RampartReplay", "RampartJSON", "RampartStore", "RampartExecution",
                "RampartDesk", "RampartService", "RampartSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Tools, not products: the crash test's driver (Scripts/crash-test).
        .executableTarget(
            name: "RampartCrashDriver",
            dependencies: ["RampartStore", "RampartRules", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Benchmarks/Tools/CrashDriver",
            swiftSettings: strictSettings
        ),
        // The fake venue as a program, for the Python client's ccxt tests (clients/python/tests).
        .executableTarget(
            name: "RampartFakeVenueServer",
            dependencies: ["RampartFakeVenue"],
            path: "Benchmarks/Tools/FakeVenueServer",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "RampartCryptoTests", dependencies: ["RampartCrypto"], swiftSettings: strictSettings),
        .testTarget(name: "RampartYAMLTests", dependencies: ["RampartYAML"], swiftSettings: strictSettings),
        .testTarget(
            name: "RampartRulesTests",
            dependencies: ["RampartRules", "RampartTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartConfigTests",
            dependencies: ["RampartConfig", "RampartRules", "RampartYAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartJSONTests",
            dependencies: ["RampartJSON", "RampartRules", "RampartYAML"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartReplayTests",
            dependencies: ["RampartReplay", "RampartRules", "RampartJSON"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartStoreTests",
            dependencies: [
                "RampartStore", "RampartRules", "RampartCrypto", "RampartTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Test helpers more than one test target uses; never linked into the product.
        .target(
            name: "RampartTestSupport",
            dependencies: ["RampartRules"],
            path: "Tests/RampartTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RampartFakeVenue",
            dependencies: [
                "RampartExecution", "RampartRules", "RampartCrypto", "RampartJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/RampartFakeVenue",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartExecutionTests",
            dependencies: [
                "RampartExecution", "RampartRules", "RampartCrypto", "RampartSystem", "RampartTestSupport",
                "RampartFakeVenue", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartDeskTests",
            dependencies: [
                "RampartDesk", "RampartExecution", "RampartRules", "RampartStore", "RampartTestSupport",
                "RampartFakeVenue", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartServiceTests",
            dependencies: [
                "RampartService", "RampartDesk", "RampartStore", "RampartRules", "RampartConfig", "RampartJSON",
                "RampartYAML", "RampartTestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartCLITests",
            dependencies: [
                "rampart", "RampartRules", "RampartFakeVenue", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)

// Benchmarks build only when asked (`RAMPART_BENCHMARKS=1 swift package benchmark`), so `swift build` stays lean.
if environment["RAMPART_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.29.0", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .target(
            name: "BenchmarkSupport",
            dependencies: ["RampartRules"],
            path: "Benchmarks/Support",
            swiftSettings: strictSettings
        )
    )
    // Issue 13's side-by-side harness: the NautilusTrader peer's order mix, printed in the peer's format.
    package.targets.append(
        .executableTarget(
            name: "GateVersusPeer",
            dependencies: ["RampartConfig", "RampartRules", "RampartSystem"],
            path: "Benchmarks/GateVersusPeer",
            swiftSettings: strictSettings
        )
    )
    // Issue 13 target 2's floor: servers that answer a fixed body on this stack with no work per request
    // (Scripts/load-test FLOOR=1 runs them beside nginx).
    package.targets.append(
        .executableTarget(
            name: "HTTPFloor",
            dependencies: [
                "RampartSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Benchmarks/HTTPFloor",
            swiftSettings: strictSettings
        )
    )
    // The JSON work of one check request, for callgrind instruction counts (docs/performance.md).
    package.targets.append(
        .executableTarget(
            name: "RequestProbe",
            dependencies: ["RampartCrypto", "RampartJSON", "RampartRules"],
            path: "Benchmarks/RequestProbe",
            swiftSettings: strictSettings
        )
    )
    // The paper-order path without HTTP (desk, journal, fill), for CPU time and uprobe counts: valgrind cannot run it
    // (docs/performance.md).
    package.targets.append(
        .executableTarget(
            name: "OrderProbe",
            dependencies: [
                "RampartConfig", "RampartDesk", "RampartRules", "RampartStore", "RampartSystem",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/OrderProbe",
            swiftSettings: strictSettings
        )
    )
    // Runs the benchmark fixture without the harness, for callgrind instruction counts (docs/performance.md).
    package.targets.append(
        .executableTarget(
            name: "GateProbe",
            dependencies: ["BenchmarkSupport", "RampartSystem"],
            path: "Benchmarks/GateProbe",
            swiftSettings: strictSettings
        )
    )
    package.targets.append(
        .executableTarget(
            name: "GateBenchmarks",
            dependencies: [
                "BenchmarkSupport", "RampartRules",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GateBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    package.targets.append(
        .executableTarget(
            name: "ReplayBenchmarks",
            dependencies: [
                "RampartConfig", "RampartReplay", "RampartRules",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ReplayBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
    package.targets.append(
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "RampartRules", "RampartStore",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}

// The loader/compiler fuzz target builds only when asked; see docs/fuzzing.md for the command.
if environment["FUZZ"] != nil {
    package.targets.append(
        .executableTarget(
            name: "RampartFuzz",
            dependencies: ["RampartConfig", "RampartRules", "RampartSystem"],
            path: "Benchmarks/Tools/Fuzz",
            swiftSettings: strictSettings + [.unsafeFlags(["-parse-as-library"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
        )
    )
}
