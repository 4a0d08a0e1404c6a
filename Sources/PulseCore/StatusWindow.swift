/// The last observations of one group on one partition, oldest first: the sliding window Burrow's
/// rules judge. Holds at most `capacity` observations; unlike `OffsetSeries` it keeps every
/// sample, equal offsets included, because "did not move for N observations" is what it measures.
public struct StatusWindow: Hashable, Sendable {
    public struct Observation: Hashable, Sendable {
        public var seconds: Double
        public var committed: Int64
        /// Readable end (the last stable offset when known, else the high watermark) minus
        /// committed offset (a negative difference counts as 0); nil when the end offset was
        /// unknown in that sample.
        public var lag: Int64?

        public init(seconds: Double, committed: Int64, lag: Int64?) {
            self.seconds = seconds
            self.committed = committed
            self.lag = lag
        }
    }

    public let capacity: Int
    public private(set) var observations: [Observation] = []

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        observations.reserveCapacity(self.capacity)
    }

    /// Adds one observation, dropping the oldest once full. An observation not newer than the
    /// last (a repeated or out-of-order sample) is ignored.
    public mutating func append(_ observation: Observation) {
        if let last = observations.last, observation.seconds <= last.seconds { return }
        if observations.count == capacity { observations.removeFirst() }
        observations.append(observation)
    }
}
