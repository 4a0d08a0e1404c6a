import Foundation

/// Golden files live in `Fixtures/` next to this target's sources.
enum Fixtures {
    /// The copy in the source tree, which `UPDATE_GOLDEN=1` rewrites.
    static func sourceURL(_ name: String) -> URL {
        // `#filePath` in the body (not as a default argument, which would be the caller's file).
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // PulseExpositionTests
            .appendingPathComponent("Fixtures")
            .appendingPathComponent(name)
    }

    /// The copy bundled as a test resource: what the tests compare against.
    static func bundledURL(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures")
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }
}
