import Foundation
import PulseCore
import Testing

@testable import PulseWorkerProtocol

/// The channel over a real pipe, looped back: what one end writes, the other reads.
@Suite("Frame channel")
struct FrameChannelTests {
    let pipe: Pipe
    /// One channel per test: it buffers bytes read past a frame, as the exporter's channel does.
    let channel: FrameChannel

    init() {
        pipe = Pipe()
        channel = FrameChannel(pipe)
    }

    @Test("a command written is read back as the same command")
    func commandRoundTrips() throws {
        let configuration = KafkaSourceConfiguration(
            bootstrapServers: ["kafka-1:9092", "kafka-2:9092"], clientProperties: ["security.protocol": "SASL_SSL"],
            explicitGroups: ["billing"], mockClusterCompatible: true, groupOffsetConcurrency: 3)
        guard case .configure(let decoded) = try roundTrip(WorkerCommand.configure(configuration)) else {
            Issue.record("expected a configure command")
            return
        }
        #expect(decoded == configuration)
    }

    @Test("a sample request's time limits cross the frame to the attosecond")
    func sampleTimingRoundTrips() throws {
        // 1/3 s has no exact decimal form: a trip through Double seconds would round it.
        let request = SampleRequest(timing: SampleTiming(interval: .seconds(1) / 3, requestTimeout: .seconds(5)), readTopicConfigs: true)
        guard case .sample(let decoded) = try roundTrip(WorkerCommand.sample(request)) else {
            Issue.record("expected a sample command")
            return
        }
        #expect(decoded == request)
    }

    /// Writes a command and reads it back from the other end.
    private func roundTrip(_ command: WorkerCommand) throws -> WorkerCommand? {
        try channel.write(command)
        guard case .frame(let data) = channel.read() else {
            Issue.record("expected a frame")
            return nil
        }
        return try FrameChannel.decode(WorkerCommand.self, from: data)
    }

    @Test("a sample reply written is read back as the same sample")
    func replyRoundTrips() throws {
        let sample = RawSample(
            metadata: ClusterMetadata(
                clusterID: "c1", controllerID: 1, brokers: [Broker(id: 1, host: "kafka-1", port: 9092, rack: "r1")],
                topics: [
                    TopicMetadata(
                        name: "orders \"🚀\"",
                        partitions: [
                            PartitionMetadata(
                                partition: 0, leader: nil, replicas: [1], inSyncReplicas: [],
                                error: "LEADER_NOT_AVAILABLE")
                        ])
                ]),
            offsets: [
                PartitionOffsets(
                    topicPartition: TopicPartition(topic: "orders \"🚀\"", partition: 0), earliest: 0, latest: nil),
                // The last stable offset crosses the pipe too.
                PartitionOffsets(
                    topicPartition: TopicPartition(topic: "orders \"🚀\"", partition: 1), earliest: 0, latest: 40, stable: 36),
            ],
            groups: [ConsumerGroup(id: "billing\n", state: .preparingRebalance, members: 3, coordinator: 1)],
            groupOffsets: [
                GroupOffsets(group: "billing\n", committed: [TopicPartition(topic: "orders \"🚀\"", partition: 0): 42])
            ],
            phases: [PhaseReport(phase: .endOffsets, durationSeconds: 0.5, error: "timed out")],
            requests: ["ListOffsets": 2])
        try channel.write(WorkerReply.sample(sample))

        guard case .frame(let data) = channel.read() else {
            Issue.record("expected a frame")
            return
        }
        guard case .sample(let decoded) = try FrameChannel.decode(WorkerReply.self, from: data) else {
            Issue.record("expected a sample reply")
            return
        }
        #expect(decoded == sample)
    }

    @Test("frames written back to back are read one at a time, in order")
    func framesReadInOrder() throws {
        try channel.write(WorkerReply.ready(librdkafkaVersion: "2.8.0"))
        try channel.write(WorkerReply.fatal("bad property"))

        var replies: [String] = []
        for _ in 0..<2 {
            guard case .frame(let data) = channel.read() else {
                Issue.record("expected a frame")
                return
            }
            switch try FrameChannel.decode(WorkerReply.self, from: data) {
            case .ready(let version): replies.append("ready \(version)")
            case .fatal(let message): replies.append("fatal \(message)")
            case .sample: replies.append("sample")
            }
        }
        #expect(replies == ["ready 2.8.0", "fatal bad property"])
    }

    @Test("a closed writer gives end-of-file")
    func closedWriterIsEndOfFile() throws {
        try pipe.fileHandleForWriting.close()
        guard case .endOfFile = channel.read() else {
            Issue.record("expected end-of-file")
            return
        }
    }

    @Test("a header announcing more than the frame limit is corrupt")
    func oversizedHeaderIsCorrupt() throws {
        let length = UInt32(FrameChannel.maximumFrameBytes + 1)
        try pipe.fileHandleForWriting.write(contentsOf: Self.header(length))
        guard case .corrupt = channel.read() else {
            Issue.record("expected a corrupt frame")
            return
        }
    }

    @Test("end-of-file inside a frame's payload is corrupt")
    func truncatedPayloadIsCorrupt() throws {
        try pipe.fileHandleForWriting.write(contentsOf: Self.header(10) + Data("abc".utf8))
        try pipe.fileHandleForWriting.close()
        guard case .corrupt = channel.read() else {
            Issue.record("expected a corrupt frame")
            return
        }
    }

    private static func header(_ length: UInt32) -> Data {
        Data([UInt8(length >> 24), UInt8((length >> 16) & 0xff), UInt8((length >> 8) & 0xff), UInt8(length & 0xff)])
    }
}

@Suite("Frame channel: abandoning a read")
struct FrameChannelAbandonTests {
    @Test("a read waiting on a pipe that stays open ends once abandoned")
    func abandonedReadEnds() {
        // The writer stays open (as when a grandchild inherited it), so only `abandoned` can end the read.
        let pipe = Pipe()
        let channel = FrameChannel(pipe)
        var polls = 0
        // The pipe's handles close when it is released; it must outlive the read.
        let result = withExtendedLifetime(pipe) {
            channel.read {
                polls += 1
                return polls > 2
            }
        }
        guard case .endOfFile = result else {
            Issue.record("expected the abandoned read to end as end-of-file, got \(result)")
            return
        }
        #expect(polls == 3)
    }
}

extension FrameChannel {
    /// A channel looped back over `pipe`, which the caller keeps alive (its handles own the descriptors).
    convenience init(_ pipe: Pipe) {
        self.init(
            input: FileDescriptor(rawValue: pipe.fileHandleForReading.fileDescriptor),
            output: FileDescriptor(rawValue: pipe.fileHandleForWriting.fileDescriptor))
    }
}
