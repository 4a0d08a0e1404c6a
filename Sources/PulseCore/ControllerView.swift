/// Which broker to name as the cluster's controller, from what clients are told.
///
/// ZooKeeper-mode brokers all name the one real controller. KRaft brokers cannot: the active
/// controller is not a broker clients reach, so every Metadata and DescribeCluster answer names a
/// random live broker. Naming that answer would put a new label value on the page nearly every
/// sample. Each sample asks twice (Metadata and DescribeCluster); when the two answers disagree,
/// the cluster is choosing at random, and no broker is named until `trustAfterSamples` samples in a
/// row have agreed again (with three brokers answering at random, 30 agreements in a row happen
/// once in 10^14 samples; a ZooKeeper controller that moved between the two requests hides the id
/// for that long and no longer).
public struct ControllerView: Hashable, Sendable {
    public static let trustAfterSamples = 30

    /// Samples in a row whose two answers agreed, since the last disagreement; nil when none was seen.
    private var agreementsSinceDisagreement: Int?

    public init() {}

    /// The controller to name for this sample; nil when no answer named one or the answers are random.
    public mutating func controller(metadataAnswer: Int32?, describeClusterAnswer: Int32?) -> Int32? {
        if let metadataAnswer, let describeClusterAnswer, metadataAnswer != describeClusterAnswer {
            agreementsSinceDisagreement = 0
            return nil
        }
        if let agreements = agreementsSinceDisagreement {
            // Only a sample where both answered is evidence that the answers stopped being random.
            let answeredTwice = metadataAnswer != nil && describeClusterAnswer != nil
            let count = answeredTwice ? agreements + 1 : agreements
            agreementsSinceDisagreement = count >= Self.trustAfterSamples ? nil : count
            if agreementsSinceDisagreement != nil { return nil }
        }
        return metadataAnswer ?? describeClusterAnswer
    }
}
