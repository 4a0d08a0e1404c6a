import Foundation
import Testing

/// Runs `promtool check metrics` on a page, as node_exporter's `checkmetrics.sh` does.
enum Promtool {
    struct Result {
        var status: Int32
        /// stdout and stderr together: promtool prints lint findings on stderr, one per line.
        var output: String
    }

    /// Where promtool is on PATH, or nil.
    static var executable: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent("promtool") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// CI must not pass by skipping the lint, so there a missing promtool is a failure.
    static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        let ci = environment["CI"] ?? ""
        return (!ci.isEmpty && ci != "false" && ci != "0") || environment["KAFKA_PULSE_REQUIRE_TOOLS"] == "1"
    }

    /// promtool's location. When it is missing, records a failure where it is required and
    /// otherwise cancels (skips) the calling test.
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) throws -> URL? {
        if let executable { return executable }
        if isRequired {
            Issue.record(Comment(rawValue: missingButRequired), sourceLocation: sourceLocation)
            return nil
        }
        try Test.cancel(
            "promtool is not on PATH; run scripts/setup.sh to lint the page", sourceLocation: sourceLocation)
    }

    private static let missingButRequired =
        "promtool is not on PATH, but CI or KAFKA_PULSE_REQUIRE_TOOLS=1 requires it (scripts/setup.sh installs it)"

    static func checkMetrics(_ page: [UInt8], executable: URL) throws -> Result {
        // Files rather than pipes: nothing can block on a full pipe buffer, whatever promtool prints.
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("promtool-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("page.prom")
        let output = directory.appendingPathComponent("output.txt")
        try Data(page).write(to: input)
        try Data().write(to: output)

        let inputHandle = try FileHandle(forReadingFrom: input)
        let outputHandle = try FileHandle(forWritingTo: output)
        defer {
            try? inputHandle.close()
            try? outputHandle.close()
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["check", "metrics"]
        process.standardInput = inputHandle
        process.standardOutput = outputHandle
        process.standardError = outputHandle
        try process.run()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: try Data(contentsOf: output), as: UTF8.self))
    }
}
