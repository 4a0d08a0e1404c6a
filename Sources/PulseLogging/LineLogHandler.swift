import FoundationEssentials
import Logging
import PulseCore
import Synchronization

/// Writes one logfmt or JSON line per message to stderr. swift-log ships no logfmt or JSON handler;
/// this is the small piece Go exporters get from go-kit/log.
struct LineLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    /// `exporter` or `worker`, so that lines from the worker process can be told apart.
    let process: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, format: LogFormat, process: String) {
        self.label = label
        self.format = format
        self.process = process
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let writeLock = Mutex(())

    func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("ts", Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))),
            ("level", event.level.rawValue), ("msg", "\(event.message)"), ("logger", label), ("process", process),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() { fields.append((key, "\(merged[key].map { "\($0)" } ?? "")")) }
        let line = format == .json ? Self.json(fields) : Self.logfmt(fields)
        // A failed write to stderr has nowhere to be reported; the line is dropped.
        Self.writeLock.withLock { _ in try? FileDescriptor.standardError.writeAll((line + "\n").utf8) }
    }

    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline }
            return needsQuotes ? "\(key)=\(quoted(value))" : "\(key)=\(value)"
        }.joined(separator: " ")
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal; also valid as a quoted logfmt value.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
