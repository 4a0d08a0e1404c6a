import PulseCore
import Testing

@Suite("Controller: named only when the cluster names the same broker every time")
struct ControllerViewTests {
    @Test("a ZooKeeper-style cluster, where both answers agree, names its controller once they agreed long enough")
    func agreeingAnswersNameTheController() {
        var view = ControllerView()
        for _ in 1..<ControllerView.trustAfterSamples {
            #expect(view.controller(metadataAnswer: 2, describeClusterAnswer: 2, brokers: 3) == nil)
        }
        #expect(view.controller(metadataAnswer: 2, describeClusterAnswer: 2, brokers: 3) == 2)
        #expect(view.controller(metadataAnswer: 2, describeClusterAnswer: nil, brokers: 3) == 2)
        #expect(view.controller(metadataAnswer: nil, describeClusterAnswer: nil, brokers: 3) == nil)
    }

    @Test("a cluster asked only once per sample is named from its answer, and a move with it")
    func singleAnswerNamesTheController() {
        var view = ControllerView()
        #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: nil, brokers: 3) == 1)
        #expect(view.controller(metadataAnswer: 3, describeClusterAnswer: nil, brokers: 3) == 3)
    }

    @Test("a single broker is named at once: a random choice among one cannot flap")
    func singleBrokerIsNamedAtOnce() {
        var view = ControllerView()
        #expect(view.controller(metadataAnswer: 111, describeClusterAnswer: 111, brokers: 1) == 111)
        #expect(view.controller(metadataAnswer: 111, describeClusterAnswer: nil, brokers: 1) == 111)
    }

    @Test("a KRaft-style cluster answering with random brokers names none, from its first sample on")
    func randomAnswersNameNoController() {
        var view = ControllerView()
        // Three brokers chosen at random by each answer: agreements by chance stay short.
        var random = SystemRandomNumberGenerator()
        var named: [Int32] = []
        for sample in 0..<2_000 {
            let answers = (Int32.random(in: 1...3, using: &random), Int32.random(in: 1...3, using: &random))
            // Now and then DescribeCluster fails (the first sample too): the lone Metadata answer is no better.
            let failed = sample % 7 == 0
            if let id = view.controller(
                metadataAnswer: answers.0, describeClusterAnswer: failed ? nil : answers.1, describeClusterFailed: failed, brokers: 3)
            { named.append(id) }
        }
        #expect(named.isEmpty)
    }

    @Test("after a disagreement, the controller is named again once enough samples in a row agree")
    func trustComesBack() {
        var view = ControllerView()
        for _ in 0..<ControllerView.trustAfterSamples { _ = view.controller(metadataAnswer: 1, describeClusterAnswer: 1, brokers: 3) }
        #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: 1, brokers: 3) == 1)
        #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: 2, brokers: 3) == nil)
        for _ in 1..<ControllerView.trustAfterSamples {
            #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: 1, brokers: 3) == nil)
            // A sample where only one question was answered is no evidence either way.
            #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: nil, brokers: 3) == nil)
        }
        #expect(view.controller(metadataAnswer: 1, describeClusterAnswer: 1, brokers: 3) == 1)
    }
}
