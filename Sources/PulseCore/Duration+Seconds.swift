extension Duration {
    /// The duration as seconds, for the places that need a number: exposition values (seconds are
    /// Prometheus' unit) and librdkafka's millisecond arguments.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
