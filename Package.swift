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
        .executable(name: "kafka-pulse", targets: ["kafka-pulse"]),
        // Every librdkafka call runs in this one (the sampling worker, the demo cluster); the exporter
        // links no librdkafka and the worker no NIO, TLS or HTTP, so each maps only what it calls.
        .executable(name: "kafka-pulse-worker", targets: ["kafka-pulse-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // No traits (hummingbird-auth asks for none either): with both of Hummingbird's default traits on,
        // SwiftPM 6.3 passes their -D flags in a different order on each run, so every `swift build`
        // had an even chance of rebuilding Hummingbird with nothing changed. We use neither trait
        // (ConfigReader support, URL-encoded forms with full Foundation).
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(name: "CRDKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"])]),
        // glibc's mallopt and malloc_trim (not in the Glibc module), for HeapTuning.
        .systemLibrary(name: "CGlibcMalloc"),
        .target(name: "PulseCore", dependencies: ["CGlibcMalloc"], swiftSettings: swiftSettings),
        .target(
            name: "PulseConfig",
            dependencies: [
                "PulseCore", .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "PulseKafka",
            dependencies: [
                "CRDKafka", "PulseCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        // The demo: a simulated shop on librdkafka's mock cluster. Its C calls live in PulseKafka.
        .target(
            name: "PulseDemo",
            dependencies: ["PulseKafka", "PulseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
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
        // Both sides of the worker pipe: frames and messages, and the worker's command loop.
        .target(
            name: "PulseWorkerProtocol",
            dependencies: ["PulseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The exporter's side: starts, watches, kills and restarts worker processes.
        .target(
            name: "PulseSupervisor",
            dependencies: [
                "PulseCore", "PulseWorkerProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // --log.level and --log.format, and the logfmt/JSON line handler: the exporter and the worker log alike.
        .target(
            name: "PulseLogging",
            dependencies: [
                "PulseCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        // --web.config.file (exporter-toolkit format): the parsed model, no I/O beyond reading the file.
        .target(
            name: "PulseWebConfig",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PulseHTTP",
            dependencies: [
                "PulseExposition",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                "PulseWebConfig",
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        // Alert rules evaluated in-process: pure value types over snapshots, no I/O.
        .target(name: "PulseAlerting", dependencies: ["PulseCore"], swiftSettings: swiftSettings),
        // Pushes PulseAlerting's alerts to Alertmanager's v2 API; reads rule files to tune thresholds.
        .target(
            name: "PulseAlertmanager",
            dependencies: [
                "PulseAlerting", "PulseCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kafka-pulse",
            dependencies: [
                "PulseCore", "PulseSupervisor", "PulseSampler", "PulseExposition", "PulseHTTP",
                "PulseConfig", "PulseLogging",
                "PulseWebConfig", .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                "PulseAlerting", "PulseAlertmanager",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The worker processes: librdkafka, the demo, the worker loop; no NIO, TLS, HTTP or YAML.
        .executableTarget(
            name: "kafka-pulse-worker",
            dependencies: [
                "PulseCore", "PulseKafka", "PulseDemo", "PulseWorkerProtocol", "PulseLogging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
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
        // The C wrapper against librdkafka's mock cluster (real brokers on loopback ports).
        .testTarget(
            name: "PulseKafkaTests",
            dependencies: ["PulseKafka", "PulseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: rdkafkaSwiftSettings,
            linkerSettings: rdkafkaLinkerSettings
        ),
        .testTarget(
            name: "PulseConfigTests",
            dependencies: ["PulseConfig", "PulseCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings),
        .testTarget(name: "PulseWebConfigTests", dependencies: ["PulseWebConfig"], swiftSettings: swiftSettings),
        // The command line itself: every flag's bad input, and config files through argument-parser.
        .testTarget(
            name: "KafkaPulseCLITests",
            dependencies: [
                "kafka-pulse", "PulseConfig", "PulseCore", "PulseExposition", "PulseLogging", "PulseWebConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
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
        .testTarget(name: "PulseAlertingTests", dependencies: ["PulseAlerting", "PulseCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PulseAlertmanagerTests",
            dependencies: [
                "PulseAlertmanager", "PulseAlerting", "PulseCore",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PulseWorkerProtocolTests", dependencies: ["PulseWorkerProtocol", "PulseCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PulseSupervisorTests",
            dependencies: ["PulseSupervisor", "PulseWorkerProtocol", "PulseCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PulseHTTPTests",
            dependencies: [
                "PulseHTTP", "PulseExposition", "PulseCore",
                "PulseWebConfig", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "InMemoryLogging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
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
                "PulseCore", "PulseExposition", "PulseHTTP", "PulseWorkerProtocol",
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
