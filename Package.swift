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
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
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
        .target(name: "RampartYAML", dependencies: ["CYAML"], swiftSettings: strictSettings),
        .target(name: "RampartRules", swiftSettings: strictSettings),
        .target(name: "RampartConfig", dependencies: ["RampartYAML", "RampartRules", "COpenSSL"], swiftSettings: strictSettings),
        .target(name: "RampartJSON", dependencies: ["RampartRules"], swiftSettings: strictSettings),
        .target(name: "RampartReplay", dependencies: ["RampartRules", "RampartJSON"], swiftSettings: strictSettings),
        .executableTarget(
            name: "rampart",
            dependencies: [
                "RampartRules", "RampartConfig", "RampartReplay", "RampartJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "RampartYAMLTests", dependencies: ["RampartYAML"], swiftSettings: strictSettings),
        .testTarget(
            name: "RampartRulesTests",
            dependencies: ["RampartRules"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartConfigTests",
            dependencies: ["RampartConfig", "RampartRules", "RampartYAML"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartReplayTests",
            dependencies: ["RampartReplay", "RampartRules", "RampartConfig", "RampartJSON"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RampartCLITests",
            dependencies: ["rampart"],
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
        .executableTarget(
            name: "GateBenchmarks",
            dependencies: [
                "RampartRules",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/GateBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
