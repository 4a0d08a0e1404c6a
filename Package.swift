// swift-tools-version:6.1
import Foundation
import PackageDescription

// Every target opts into the same upcoming-language features (see shared STYLE.md, habit 10).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

// scripts/setup.sh builds librdkafka into .deps/librdkafka when the system has none >= 2.3.
// Linking with an rpath to that prefix lets the binary find it without LD_LIBRARY_PATH.
let localRdkafka = Context.packageDirectory + "/.deps/librdkafka"
let usesLocalRdkafka = FileManager.default.fileExists(atPath: localRdkafka + "/lib/pkgconfig/rdkafka.pc")
let rdkafkaLinkerSettings: [LinkerSetting] =
    usesLocalRdkafka
    ? [.unsafeFlags(["-L\(localRdkafka)/lib", "-Xlinker", "-rpath", "-Xlinker", "\(localRdkafka)/lib"])]
    : []
let rdkafkaSwiftSettings: [SwiftSetting] =
    usesLocalRdkafka ? swiftSettings + [.unsafeFlags(["-Xcc", "-I\(localRdkafka)/include"])] : swiftSettings

let package = Package(
    name: "kafka-pulse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kafka-pulse", targets: ["kafka-pulse"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CRDKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        .target(name: "PulseCore", swiftSettings: swiftSettings),
        .target(
            name: "PulseConfig", dependencies: ["PulseCore", .product(name: "Yams", package: "Yams")], swiftSettings: swiftSettings),
        .target(
            name: "PulseKafka",
            dependencies: [
                "CRDKafka", "PulseCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        .target(
            name: "PulseExposition",
            dependencies: [
                "PulseCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PulseWorker",
            dependencies: [
                "PulseCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PulseSampler",
            dependencies: [
                "PulseCore", "PulseExposition",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PulseHTTP",
            dependencies: [
                "PulseExposition",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kafka-pulse",
            dependencies: [
                "PulseCore", "PulseKafka", "PulseWorker", "PulseSampler", "PulseExposition", "PulseHTTP",
                "PulseConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        // Test tool: librdkafka's mock cluster driven over stdin, for fault-injection integration tests.
        .executableTarget(
            name: "pulse-mock-cluster",
            dependencies: ["PulseKafka", .product(name: "Logging", package: "swift-log")],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        .testTarget(name: "PulseCoreTests", dependencies: ["PulseCore"], swiftSettings: swiftSettings),
        .testTarget(name: "PulseConfigTests", dependencies: ["PulseConfig", "PulseCore"], swiftSettings: swiftSettings),
        // The command line itself: every flag's bad input, and config files through argument-parser.
        .testTarget(
            name: "KafkaPulseCLITests",
            dependencies: ["kafka-pulse", "PulseConfig", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        .testTarget(
            name: "PulseExpositionTests",
            dependencies: ["PulseExposition", "PulseCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PulseSamplerTests",
            dependencies: [
                "PulseSampler", "PulseCore", "PulseExposition",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PulseWorkerTests",
            dependencies: ["PulseWorker", "PulseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PulseHTTPTests",
            dependencies: [
                "PulseHTTP", "PulseExposition", "PulseCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// Benchmarks (Benchmarks/, run by scripts/bench) only when KAFKA_PULSE_BENCHMARKS=1, as hummingbird
// does with ENABLE_HB_BENCHMARKS: a normal build neither resolves nor builds the benchmark package.
if ProcessInfo.processInfo.environment["KAFKA_PULSE_BENCHMARKS"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    package.targets.append(
        .executableTarget(
            name: "PulseBenchmarks",
            dependencies: [
                "PulseCore", "PulseExposition", "PulseHTTP", "PulseWorker",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Benchmarks/PulseBenchmarks",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
}
