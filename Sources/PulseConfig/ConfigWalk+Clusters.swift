import Yams

extension ConfigWalk {
    /// `clusters:`: a list of mappings, each with a unique `name` and the per-cluster keys it sets.
    mutating func clusterEntries(_ node: Node, line: Int) throws(ConfigError) -> [ClusterSettings] {
        guard case .sequence(let sequence) = node, !sequence.isEmpty else {
            throw error(.wrongType, key: ClusterSettings.key, line: line, "expected a list of clusters, each with a name and its kafka.server, found \(describe(node))")
        }
        var entries: [ClusterSettings] = []
        var names: [String: Int] = [:]
        for item in sequence {
            try count(item)
            let itemLine = item.mark?.line ?? line
            guard case .mapping(let mapping) = item else {
                throw error(.wrongType, key: ClusterSettings.key, line: itemLine, "expected a mapping with a name and the cluster's keys, found \(describe(item))")
            }
            var name: String?
            var rest: [(Node, Node)] = []
            for (keyNode, valueNode) in mapping {
                if keyNode.scalar?.string == "name" {
                    guard case .scalar(let scalar) = valueNode else {
                        throw error(.wrongType, key: "\(ClusterSettings.key).name", line: keyNode.mark?.line ?? itemLine, "expected a name, found \(describe(valueNode))")
                    }
                    name = try text(scalar, key: "\(ClusterSettings.key).name", line: keyNode.mark?.line ?? itemLine)
                } else {
                    rest.append((keyNode, valueNode))
                }
            }
            guard let name else {
                throw error(.missingValue, key: ClusterSettings.key, line: itemLine, "every cluster needs a name (it becomes the cluster label of its series)")
            }
            if let problem = ClusterSettings.problem(withName: name) {
                throw error(.wrongType, key: "\(ClusterSettings.key).name", line: itemLine, "'\(name)': \(problem)")
            }
            if let first = names[name] {
                throw error(.duplicateKey, key: "\(ClusterSettings.key).name", line: itemLine, "cluster '\(name)' is already defined on line \(first)")
            }
            names[name] = itemLine
            var entryWalk = ConfigWalk(schema: schema, environment: environment, path: path)
            entryWalk.isClusterEntry = true
            try entryWalk.visit(Node.Mapping(rest), prefix: nil)
            let settings = entryWalk.settings()
            for setting in settings where !schema.perCluster.contains(setting.key.name) {
                throw error(
                    .unknownKey, key: setting.key.name, line: setting.origin.fileLine ?? itemLine,
                    "applies to the whole exporter, not one cluster: set it at the top level of the file")
            }
            guard settings.contains(where: { $0.key.name == "kafka.server" }) else {
                throw error(.missingValue, key: ClusterSettings.key, line: itemLine, "cluster '\(name)' needs its kafka.server")
            }
            entries.append(ClusterSettings(name: name, line: itemLine, settings: settings))
        }
        return entries
    }
}
