/// Where a secret comes from. A file is read by the sampling worker each time it builds its Kafka
/// client (a rotated file is picked up by the next worker); a value came from a flag, an environment
/// variable or the config file.
public enum Secret: Hashable, Sendable {
    case value(String)
    case file(path: String)

    /// The flag pair `--x` / `--x-file`: at most one of them, nil when neither is given.
    public static func from(
        value: String?, file: String?, valueFlag: KafkaSecurityFlag, fileFlag: KafkaSecurityFlag
    ) throws(KafkaSecurityError) -> Secret? {
        switch (value, file) {
        case (nil, nil): return nil
        case (let value?, nil): return .value(value)
        case (nil, let file?): return .file(path: file)
        case (.some, .some): throw KafkaSecurityError(.conflictingFlags, "\(valueFlag) and \(fileFlag): give one of them, not both")
        }
    }
}
