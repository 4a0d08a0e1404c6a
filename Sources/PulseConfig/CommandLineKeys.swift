/// Which keys the command line itself sets, so that the file and the environment leave them alone
/// (a repeatable flag on the command line replaces the file's list instead of adding to it).
public enum CommandLineKeys {
    public static func given(in arguments: [String], schema: ConfigSchema) -> Set<String> {
        var keys = Set<String>()
        for argument in arguments {
            if argument == "--" { break }
            guard argument.hasPrefix("--") else { continue }
            let name = String(argument.dropFirst(2).prefix { $0 != "=" })
            if schema.keys[name] != nil {
                keys.insert(name)
            } else if name.hasPrefix("no-"), case .flag(invertible: true)? = schema.keys[String(name.dropFirst(3))]?.kind {
                keys.insert(String(name.dropFirst(3)))
            }
        }
        return keys
    }
}
