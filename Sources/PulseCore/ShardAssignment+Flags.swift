extension ShardAssignment {
    /// The assignment the sharding flags ask for: none of them is the whole cluster; `--shard.total`
    /// needs exactly one of `--shard.index` and `--shard.index-from-hostname`.
    /// - Parameter hostname: read only for `--shard.index-from-hostname`.
    public init(total: Int?, index: Int?, indexFromHostname: Bool, hostname: () -> String) throws(ShardError) {
        guard let total else {
            if let index { throw ShardError(description: "--shard.index \(index): needs --shard.total") }
            if indexFromHostname { throw ShardError(description: "--shard.index-from-hostname: needs --shard.total") }
            self = .whole
            return
        }
        switch (index, indexFromHostname) {
        case (let index?, false):
            try self.init(total: total, index: index)
        case (nil, true):
            let name = hostname()
            guard let ordinal = Self.ordinal(fromHostname: name) else {
                throw ShardError(
                    description:
                        "--shard.index-from-hostname: hostname \"\(name)\" does not end in -<ordinal> as a StatefulSet pod's does (name-2 is index 2)")
            }
            guard ordinal < total else {
                throw ShardError(
                    description:
                        "--shard.index-from-hostname: hostname \"\(name)\" gives index \(ordinal), must be between 0 and \(total - 1) (--shard.total \(total))")
            }
            try self.init(total: total, index: ordinal)
        case (_?, true):
            throw ShardError(description: "--shard.index and --shard.index-from-hostname: give one of them, not both")
        case (nil, false):
            throw ShardError(description: "--shard.total \(total): needs --shard.index or --shard.index-from-hostname")
        }
    }
}
