import PulseConfig

/// Two spellings kingpin (kafka_exporter's flag parser) accepts and argument-parser does not, rewritten
/// before parsing, only before `--`; anything else is left for the parser to judge:
/// - a boolean as `--flag=true` / `--flag=false` (the Helm chart passes `--server.tls.mutual-auth-enabled=false`
///   and `--sasl.handshake=false`) becomes `--flag` / `--no-flag`, for every invertible flag;
/// - an empty value, `--flag=` (a launcher's unset variable, e.g. Strimzi's `--kafka.version="$VERSION"`),
///   which argument-parser reads as a missing value, becomes `--flag ""`, for every option but `--kafka.server`.
enum KingpinArguments {
    /// Go's `strconv.ParseBool` spellings, which kingpin uses.
    static let truths: Set<String> = ["1", "t", "T", "TRUE", "true", "True"]
    static let falsehoods: Set<String> = ["0", "f", "F", "FALSE", "false", "False"]

    static func rewrite(_ arguments: [String], schema: ConfigSchema) -> [String] {
        var rewritten: [String] = []
        rewritten.reserveCapacity(arguments.count)
        var afterSeparator = false
        for argument in arguments {
            if argument == "--" { afterSeparator = true }
            guard !afterSeparator, argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
                rewritten.append(argument)
                continue
            }
            let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
            let value = String(argument[argument.index(after: equals)...])
            // Not for `--kafka.server=`: an empty server list would start the demo instead of failing.
            if value.isEmpty, name != "kafka.server", let kind = schema.keys[name]?.kind, kind == .option || kind == .repeatingOption {
                rewritten += ["--\(name)", ""]
                continue
            }
            guard case .flag(invertible: true)? = schema.keys[name]?.kind else {
                rewritten.append(argument)
                continue
            }
            if truths.contains(value) {
                rewritten.append("--\(name)")
            } else if falsehoods.contains(value) {
                rewritten.append("--no-\(name)")
            } else {
                rewritten.append(argument)
            }
        }
        return rewritten
    }
}
