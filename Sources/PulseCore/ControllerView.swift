/// Which broker to name as the cluster's controller, from what clients are told.
///
/// ZooKeeper-mode brokers all name the one real controller. KRaft brokers cannot: the active
/// controller is not a broker clients reach, so every Metadata and DescribeCluster answer names a
/// random live broker. Naming that answer would put a new label value on the page nearly every
/// sample. Each sample asks twice (Metadata and DescribeCluster), and a broker is named only after
/// `trustAfterSamples` samples in a row got the same broker twice (with three brokers answering at
/// random, 30 agreements in a row happen once in 10^14 samples). The price: a ZooKeeper-mode
/// cluster's controller is named that many samples after the start or after it moved between the
/// two requests. A cluster that is only asked once (DescribeCluster unsupported or skipped, as on
/// stand-ins) is named from its one answer: there is nothing to compare it with; one whose
/// DescribeCluster failed is not (the lone answer may be random). Nor is there anything to compare
/// with one broker: a random choice among one cannot flap.
public struct ControllerView: Hashable, Sendable {
    public static let trustAfterSamples = 30

    /// Whether any sample had both answers: from then on, one answer alone proves nothing.
    private var comparedAnswers = false
    private var agreementsInARow = 0

    public init() {}

    private var trusted: Bool { agreementsInARow >= Self.trustAfterSamples }

    /// The controller to name for this sample; nil when no answer named one or the answers are
    /// (or may still be) random.
    public mutating func controller(
        metadataAnswer: Int32?, describeClusterAnswer: Int32?, describeClusterFailed: Bool = false, brokers: Int
    ) -> Int32? {
        switch (metadataAnswer, describeClusterAnswer) {
        case let (metadata?, described?):
            comparedAnswers = true
            agreementsInARow = metadata == described ? min(agreementsInARow + 1, Self.trustAfterSamples) : 0
            return trusted || (brokers <= 1 && metadata == described) ? metadata : nil
        case let (answer?, nil), let (nil, answer?):
            let nothingToCompare = !comparedAnswers && !describeClusterFailed
            return nothingToCompare || trusted || brokers <= 1 ? answer : nil
        case (nil, nil):
            return nil
        }
    }
}
