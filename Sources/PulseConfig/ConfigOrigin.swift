/// Where a setting came from, so that an error about its value can point there.
public enum ConfigOrigin: Hashable, Sendable, CustomStringConvertible {
    case file(path: String, line: Int)
    case environment(variable: String)

    public var description: String {
        switch self {
        case .file(let path, let line): "config file \(path) line \(line)"
        case .environment(let variable): "environment variable \(variable)"
        }
    }

    /// The file line, for a setting from the file.
    public var fileLine: Int? {
        if case .file(_, let line) = self { line } else { nil }
    }
}
