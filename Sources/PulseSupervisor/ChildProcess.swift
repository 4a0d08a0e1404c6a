public import Foundation

/// Starts a child process (the sampling worker, the demo cluster; both `kafka-pulse-worker`) spoken
/// to over pipes; its stderr is ours, so its log lines land where the exporter's do.
public enum ChildProcess {
    public static func launch(_ executable: URL, arguments: [String], stdin: Pipe, stdout: Pipe) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        // Swift's crash reporter would inherit the child's stdout and outlive it; a crashed child
        // must simply end, so that the exporter sees end-of-file at once.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        try process.run()
        return process
    }
}
