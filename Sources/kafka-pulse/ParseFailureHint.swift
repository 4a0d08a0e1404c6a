import ArgumentParser

/// The fix for two slips that argument-parser can only call invalid or unexpected: a duration
/// without its unit (`--sample.interval 10`) and a bootstrap server without its flag
/// (`kafka-pulse 127.0.0.1:9092`). Consulted only after parsing failed, so it never turns away a
/// command line the parser accepts; it only rewords the one line the user sees.
enum ParseFailureHint {
    /// A clearer line than argument-parser's `message` for `arguments`, or nil to keep `message`.
    static func message(replacing message: String, arguments: [String]) -> String? {
        missingUnit(message, arguments) ?? serverWithoutFlag(message, arguments)
    }

    /// A whole number given to a duration flag: said so when the same number with a unit gets past
    /// the parser. Retrying the parse tells a duration flag from, say, an enum flag given `10`,
    /// without a list of duration flags kept beside their declarations.
    private static func missingUnit(_ message: String, _ arguments: [String]) -> String? {
        for (index, name, value) in optionValues(arguments) where isWholeNumber(value) {
            let rejected = "is invalid for '--\(name) "
            guard message.contains("The value '\(value)' \(rejected)"), DurationFlag(argument: value + "s") != nil else { continue }
            var withUnit = arguments
            withUnit[index] = arguments[index] == value ? value + "s" : "--\(name)=\(value)s"
            if let retry = failure(parsing: withUnit), retry.contains(rejected) { continue }
            return "--\(name) \(value): a duration needs a unit, e.g. \(value)s (units: ms, s, m, h)"
        }
        return nil
    }

    /// argument-parser's message for `arguments`, or nil when they parse and validate.
    private static func failure(parsing arguments: [String]) -> String? {
        do {
            _ = try KafkaPulse.parseAsRoot(arguments)
            return nil
        } catch {
            return KafkaPulse.message(for: error)
        }
    }

    /// kafka-pulse takes no positional arguments: a bare `host:port` (or a comma-separated list of
    /// them) is a bootstrap server that lost its flag.
    private static func serverWithoutFlag(_ message: String, _ arguments: [String]) -> String? {
        for argument in arguments.prefix(while: { $0 != "--" })
        where message.contains("Unexpected argument '\(argument)'") && looksLikeServers(argument) {
            return "unexpected argument \(argument): to sample the Kafka cluster there, use --kafka.server \(argument)"
        }
        return nil
    }

    /// Each `--name value` and `--name=value` before `--`, with the index of the token holding the value.
    private static func optionValues(_ arguments: [String]) -> [(index: Int, name: String, value: String)] {
        var found: [(Int, String, String)] = []
        var index = arguments.startIndex
        while index < arguments.endIndex, arguments[index] != "--" {
            let token = arguments[index]
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                found.append((index, String(token[token.index(token.startIndex, offsetBy: 2)..<equals]), String(token[token.index(after: equals)...])))
            } else if token.hasPrefix("--"), index + 1 < arguments.endIndex {
                found.append((index + 1, String(token.dropFirst(2)), arguments[index + 1]))
            }
            index += 1
        }
        return found
    }

    private static func isWholeNumber(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// `host:port`, `[v6]:port` or several of them separated by commas, each port a number.
    static func looksLikeServers(_ text: String) -> Bool {
        let servers = text.split(separator: ",", omittingEmptySubsequences: false)
        return !servers.isEmpty
            && servers.allSatisfy { server in
                guard let colon = server.lastIndex(of: ":"), colon > server.startIndex else { return false }
                let port = server[server.index(after: colon)...]
                return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber }
            }
    }
}
