import Yams

/// A YAML mapping whose keys are plain strings, in file order, with each key's line for errors.
struct YAMLMap {
    struct Key {
        let name: String
        let line: Int?
    }

    let entries: [(key: Key, value: Node)]
    let line: Int?

    /// A null value (`key:` with nothing after it) reads as an empty mapping, as Go's YAML does.
    init(_ node: Node, key: String) throws(WebConfigError) {
        line = node.mark?.line
        if node.tag == Tag(.null) {
            entries = []
            return
        }
        guard case .mapping(let mapping) = node else {
            throw WebConfigError(.wrongType, key: key, line: node.mark?.line, "expected a mapping, found \(Self.kind(node))")
        }
        var entries: [(key: Key, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw WebConfigError(.wrongType, key: key, line: keyNode.mark?.line, "expected string keys, found \(Self.kind(keyNode))")
            }
            // Duplicate keys never get here: Yams refuses them while parsing.
            entries.append((Key(name: scalar.string, line: keyNode.mark?.line), value))
        }
        self.entries = entries
    }

    /// A scalar read as text; null reads as "" (absent), as Go's YAML does.
    static func string(_ node: Node, key: String) throws(WebConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw WebConfigError(.wrongType, key: key, line: node.mark?.line, "expected a string, found \(kind(node))")
        }
        return node.tag == Tag(.null) ? "" : scalar.string
    }

    static func bool(_ node: Node, key: String) throws(WebConfigError) -> Bool {
        guard case .scalar = node, let value = node.bool else {
            throw WebConfigError(.wrongType, key: key, line: node.mark?.line, "expected true or false, found \(kind(node))")
        }
        return value
    }

    static func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
