import Yams

/// One pass over a parsed config file: resolves nested keys, checks each value's type for its key,
/// substitutes `${VAR}`, and remembers the line of every key for later errors.
struct ConfigWalk {
    let schema: ConfigSchema
    let environment: [String: String]
    let path: String
    private var values: [String: (value: ConfigSetting.Value, line: Int)] = [:]
    private var order: [String] = []
    /// Where each key or section entry was first given, to reject it given twice (flat and nested).
    private var seen: [String: Int] = [:]
    private var visited = 0
    /// The `clusters:` entries, each walked on its own.
    private(set) var clusters: [ClusterSettings] = []
    /// Walking one `clusters:` entry, which cannot hold another list.
    var isClusterEntry = false

    init(schema: ConfigSchema, environment: [String: String], path: String) {
        self.schema = schema
        self.environment = environment
        self.path = path
    }

    func settings() -> [ConfigSetting] {
        order.compactMap { name in
            guard let key = schema.keys[name], let entry = values[name] else { return nil }
            return ConfigSetting(key: key, value: entry.value, origin: .file(path: path, line: entry.line))
        }
    }

    mutating func visit(_ mapping: Node.Mapping, prefix: String?) throws(ConfigError) {
        for (keyNode, valueNode) in mapping {
            let (name, line) = try dottedName(keyNode, under: prefix, code: .unknownKey, subject: prefix, "keys must be plain names")
            if prefix == nil, name == ClusterSettings.key, !schema.perCluster.isEmpty, !isClusterEntry {
                try markSeen(name, line: line)
                clusters = try clusterEntries(valueNode, line: line)
            } else if prefix == nil, let target = schema.sections[name] {
                try pairs(valueNode, into: target, label: name, line: line)
            } else if let key = schema.keys[name] {
                try markSeen(name, line: line)
                try assign(valueNode, to: key, line: line)
            } else if schema.isNestingPrefix(name), case .mapping(let nested) = valueNode {
                try visit(nested, prefix: name)
            } else if schema.isNestingPrefix(name) {
                throw error(.wrongType, key: name, line: line, "expected a mapping of \(name).* keys, found \(describe(valueNode))")
            } else {
                let hint = schema.suggestion(for: name).map { " (did you mean \($0)?)" } ?? ""
                throw error(.unknownKey, key: name, line: line, "unknown key\(hint)")
            }
        }
    }

    private mutating func assign(_ node: Node, to key: ConfigKey, line: Int) throws(ConfigError) {
        let name = key.name
        switch (key.kind, node) {
        case (.flag, .scalar(let scalar)):
            // Quoted or substituted (`demo: ${DEMO}`) booleans count too; 1/0 do not, as in YAML.
            guard let bool = Self.yamlBool(try text(scalar, key: name, line: line)) else {
                throw error(.wrongType, key: name, line: line, "expected true or false, found \(describe(node))")
            }
            store(name, .flag(bool), line: line)
        case (.flag, _):
            throw error(.wrongType, key: name, line: line, "expected true or false, found \(describe(node))")
        case (.option, .scalar(let scalar)):
            store(name, .single(try text(scalar, key: name, line: line)), line: line)
        case (.option, _):
            throw error(.wrongType, key: name, line: line, "expected a single value, found \(describe(node))")
        case (.repeatingOption, .scalar(let scalar)):
            append(name, [try text(scalar, key: name, line: line)], line: line)
        case (.repeatingOption, .sequence(let sequence)):
            var items: [String] = []
            for item in sequence {
                try count(item)
                guard case .scalar(let scalar) = item else {
                    throw error(.wrongType, key: name, line: item.mark?.line ?? line, "expected a list of values, found \(describe(item)) in it")
                }
                items.append(try text(scalar, key: name, line: item.mark?.line ?? line))
            }
            append(name, items, line: line)
        case (.repeatingOption, .mapping) where schema.acceptsPairs(name):
            try pairs(node, into: name, label: name, line: line)
        case (.repeatingOption, _):
            throw error(.wrongType, key: name, line: line, "expected a value or a list of values, found \(describe(node))")
        }
    }

    /// A mapping whose entries (nested ones joined with `.`) become `key=value` values of `target`.
    private mutating func pairs(_ node: Node, into target: String, label: String, line: Int) throws(ConfigError) {
        guard case .mapping(let mapping) = node else {
            throw error(.wrongType, key: label, line: line, "expected a mapping of property: value, found \(describe(node))")
        }
        var found: [String] = []
        try collectPairs(mapping, prefix: nil, label: label, into: &found)
        append(target, found, line: line)
    }

    private mutating func collectPairs(
        _ mapping: Node.Mapping, prefix: String?, label: String, into found: inout [String]
    ) throws(ConfigError) {
        for (keyNode, valueNode) in mapping {
            let (property, line) = try dottedName(keyNode, under: prefix, code: .wrongType, subject: label, "property names must be plain names")
            let qualified = "\(label).\(property)"
            switch valueNode {
            case .mapping(let nested):
                try count(valueNode)
                try collectPairs(nested, prefix: property, label: label, into: &found)
            case .scalar(let scalar):
                try markSeen(qualified, line: line)
                found.append("\(property)=\(try text(scalar, key: qualified, line: line))")
            default:
                throw error(.wrongType, key: qualified, line: line, "expected a single value, found \(describe(valueNode))")
            }
        }
    }

    /// A mapping key joined to the keys above it (`sample` + `interval`), and its line.
    private mutating func dottedName(
        _ keyNode: Node, under prefix: String?, code: ConfigError.Code, subject: String?, _ problem: String
    ) throws(ConfigError) -> (String, Int) {
        try count(keyNode)
        let line = keyNode.mark?.line ?? 0
        guard case .scalar(let scalar) = keyNode, !scalar.string.isEmpty else {
            throw error(code, key: subject, line: line, problem)
        }
        return (prefix.map { "\($0).\(scalar.string)" } ?? scalar.string, line)
    }

    func text(_ scalar: Node.Scalar, key: String, line: Int) throws(ConfigError) -> String {
        if scalar.style == .plain, YAMLNull.isNull(scalar) {
            throw error(.missingValue, key: key, line: line, "no value (leave the key out to keep the default)")
        }
        do {
            return try VariableSubstitution.apply(scalar.string, environment: environment)
        } catch {
            switch error {
            case .undefined(let variable):
                throw self.error(
                    .undefinedVariable, key: key, line: line, "environment variable \(variable) is not set (write ${\(variable):-} for empty)")
            case .malformed(let reason):
                throw self.error(.invalidSubstitution, key: key, line: line, reason)
            }
        }
    }

    static func yamlBool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": true
        case "false", "no", "off": false
        default: nil
        }
    }

    private mutating func markSeen(_ name: String, line: Int) throws(ConfigError) {
        if let first = seen[name] {
            throw error(.duplicateKey, key: name, line: line, "given twice (first at line \(first))")
        }
        seen[name] = line
    }

    private mutating func store(_ name: String, _ value: ConfigSetting.Value, line: Int) {
        if values[name] == nil { order.append(name) }
        values[name] = (value, line)
    }

    /// A repeating key may be given both as a list and through a section (`librdkafka:`); both count.
    private mutating func append(_ name: String, _ items: [String], line: Int) {
        if case .list(let earlier)? = values[name]?.value {
            values[name] = (.list(earlier + items), values[name]?.line ?? line)
        } else {
            store(name, .list(items), line: line)
        }
    }

    mutating func count(_ node: Node) throws(ConfigError) {
        visited += 1
        guard visited <= ConfigFileReader.maximumNodes else {
            throw ConfigError(
                .tooLarge, line: node.mark?.line,
                "config file \(path) line \(node.mark?.line ?? 0): more than \(ConfigFileReader.maximumNodes) values (aliases included)")
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar) where YAMLNull.isNull(scalar) && scalar.style == .plain: "no value"
        case .scalar(let scalar): "\"\(scalar.string.prefix(40))\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func error(_ code: ConfigError.Code, key: String?, line: Int, _ problem: String) -> ConfigError {
        let subject = key.map { "\($0): " } ?? ""
        return ConfigError(code, key: key, line: line, "config file \(path) line \(line): \(subject)\(problem)")
    }
}

/// YAML's null (`~`, `null`, or nothing) written as a plain scalar.
enum YAMLNull {
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}
