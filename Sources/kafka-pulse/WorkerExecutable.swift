import Foundation

/// Where the exporter finds `kafka-pulse-worker`, the binary that makes every librdkafka call (the
/// sampling worker, the demo cluster): `--worker.executable`, or the file of that name beside the
/// exporter's own executable, where scripts/run, the image and the build directory put it.
enum WorkerExecutable {
    static let fileName = "kafka-pulse-worker"

    /// The worker to start, or the one line that says why there is none.
    static func resolve(flag: String?, ownExecutable: String) throws -> URL {
        if let flag {
            if let problem = problem(flag: flag) { throw StartupError(problem) }
            return URL(fileURLWithPath: flag)
        }
        let sibling = URL(fileURLWithPath: ownExecutable).deletingLastPathComponent().appendingPathComponent(fileName)
        guard isExecutableFile(sibling.path) else {
            throw StartupError(
                "sampling worker \(sibling.path) is missing or not executable: install \(fileName) beside kafka-pulse, or name it with --worker.executable")
        }
        return sibling
    }

    /// What is wrong with the flag's path, if anything; `validate()` asks too, so that a bad value
    /// is named with the file line or variable it came from.
    static func problem(flag: String) -> String? {
        isExecutableFile(flag) ? nil : "--worker.executable \(flag): not an executable file (the sampling worker, kafka-pulse-worker)"
    }

    /// This program's own path; /proc/self/exe resolves a symlink or a PATH lookup to the real file.
    static func ownExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// A directory with its x bit set is "executable" to access(2); Process would fail on it later.
    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
