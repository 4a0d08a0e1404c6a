/// Flags > environment > file, decided per key; the result is command-line tokens for argument-parser,
/// which then runs every flag's own validation.
public struct LayeredSettings: Sendable {
    /// The winning setting of each key not given on the command line, in a stable order.
    public let settings: [ConfigSetting]

    public init(file: [ConfigSetting], environment: [ConfigSetting], commandLineKeys: Set<String>) {
        var winners: [String: ConfigSetting] = [:]
        for setting in file + environment where !commandLineKeys.contains(setting.key.name) {
            winners[setting.key.name] = setting
        }
        settings = winners.values.sorted { $0.key.name < $1.key.name }
    }

    /// Goes before the user's own arguments. Holds secrets: never log it.
    public var tokens: [String] { settings.flatMap(\.tokens) }

    /// Where each key set here came from.
    public var origins: [String: ConfigOrigin] {
        Dictionary(uniqueKeysWithValues: settings.map { ($0.key.name, $0.origin) })
    }

    /// `message` from argument-parser or a flag's validation, with the origin of the first key it
    /// names (`--sample.interval`) that came from the file or the environment.
    public func annotate(_ message: String) -> String {
        var best: (position: String.Index, name: String, origin: ConfigOrigin)?
        for (name, origin) in origins {
            for range in message.ranges(of: "--\(name)") where Self.endsName(message, at: range.upperBound) {
                if best == nil || range.lowerBound < (best?.position ?? message.endIndex) {
                    best = (range.lowerBound, name, origin)
                }
            }
        }
        guard let best else { return message }
        return "\(message) (\(best.name) from \(best.origin))"
    }

    private static func endsName(_ text: String, at index: String.Index) -> Bool {
        guard index < text.endIndex else { return true }
        let next = text[index]
        return !(next.isLetter || next.isNumber || next == "." || next == "-" || next == "_")
    }
}
