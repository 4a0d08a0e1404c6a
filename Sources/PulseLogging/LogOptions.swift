public import ArgumentParser
public import Logging

public enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case logfmt
    case json
}

public enum LogLevelFlag: String, ExpressibleByArgument, CaseIterable, Sendable {
    case debug, info, warn, error

    public var level: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        }
    }
}

/// Logging flags shared by the exporter and its worker processes (`kafka-pulse-worker`), so that a
/// worker logs exactly like its parent.
public struct LogOptions: ParsableArguments {
    public init() {}

    @Option(name: .customLong("log.level"), help: "Only log messages with the given severity or above: debug, info, warn, error.")
    public var level: LogLevelFlag = .info

    @Option(name: .customLong("log.format"), help: "Output format of log messages: logfmt or json.")
    public var format: LogFormat = .logfmt

    public func bootstrap(process: String) {
        let level = level.level
        let format = format
        LoggingSystem.bootstrap { label in
            var handler = LineLogHandler(label: label, format: format, process: process)
            handler.logLevel = level
            return handler
        }
    }

    public var arguments: [String] { ["--log.level", level.rawValue, "--log.format", format.rawValue] }
}
