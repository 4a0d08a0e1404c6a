import PulseCore
import Testing

@testable import PulseWorkerProtocol

/// Issue 19: the worker's frames in a compact binary form instead of JSON. Whatever the worker
/// sends must come back equal, and whatever a broken or foreign worker sends must be a decoding
/// error, never a crash.
@Suite("Compact frame format")
struct CompactFrameTests {
    struct Edges: Codable, Equatable {
        var ints: [Int64] = [0, 1, -1, 63, -64, 64, -65, Int64.max, Int64.min]
        var unsigned: [UInt64] = [0, 127, 128, UInt64(Int64.max), UInt64(Int64.max) + 1, UInt64.max]
        var small: [Int8] = [Int8.min, -1, 0, Int8.max]
        var doubles: [Double] = [0, -0.0, 1.5, -2.25e-300, Double.greatestFiniteMagnitude, .infinity, -.infinity]
        var strings: [String] = ["", "a", "orders \"🚀\"\n", String(repeating: "x", count: 300), "a", ""]
        var optionals: [String?] = [nil, "x", nil]
        var absent: Int?
        var present: Int? = 7
        var flags: [Bool] = [true, false]
        var nested: [String: [Int]] = ["a": [1, 2], "": []]
        var byPartition: [TopicPartition: Int64] = [TopicPartition(topic: "t", partition: 3): 9]
        var phase: SamplePhase = .stableOffsets
    }

    /// A sample with every part filled in, as a worker sends it.
    static let sample = RawSample(
        metadata: ClusterMetadata(
            clusterID: "c1", controllerID: 1, brokers: [Broker(id: 1, host: "kafka-1", port: 9092, rack: "r1")],
            topics: [
                TopicMetadata(
                    name: "orders",
                    partitions: (0..<3).map { PartitionMetadata(partition: $0, leader: $0 == 2 ? nil : 1, replicas: [1], inSyncReplicas: [1]) })
            ]),
        offsets: (0..<3).map {
            PartitionOffsets(topicPartition: TopicPartition(topic: "orders", partition: $0), earliest: 0, latest: $0 == 1 ? nil : 40, stable: 36)
        },
        groups: [ConsumerGroup(id: "billing", state: .stable, members: 3, coordinator: 1)],
        groupOffsets: [GroupOffsets(group: "billing", committed: [TopicPartition(topic: "orders", partition: 0): 42])],
        topicConfigs: ["orders": TopicConfig(retentionMilliseconds: 3_600_000, cleanupPolicy: "delete", minInsyncReplicas: 2)],
        phases: [PhaseReport(phase: .endOffsets, durationSeconds: 0.5, error: "timed out")],
        requests: ["ListOffsets": 2, "Metadata": 1],
        shard: ShardAssignment(group: "pulse", owned: [0, 3], partitionCount: 10))

    @Test("every value comes back equal: integer limits, doubles, strings, optionals, maps, enums")
    func edgesRoundTrip() throws {
        let edges = Edges()
        #expect(try CompactFrame.decode(Edges.self, from: try CompactFrame.encode(edges)) == edges)
    }

    @Test("a worker's sample and commands come back equal")
    func workerMessagesRoundTrip() throws {
        guard case .sample(let decoded) = try CompactFrame.decode(WorkerReply.self, from: try CompactFrame.encode(WorkerReply.sample(Self.sample))) else {
            Issue.record("expected a sample")
            return
        }
        #expect(decoded == Self.sample)
        let configuration = KafkaSourceConfiguration(
            bootstrapServers: ["kafka-1:9092"], clientProperties: ["sasl.password": "s3cret"], explicitGroups: ["billing"],
            mockClusterCompatible: true, groupOffsetConcurrency: 3)
        guard case .configure(let back) = try CompactFrame.decode(WorkerCommand.self, from: try CompactFrame.encode(WorkerCommand.configure(configuration))) else {
            Issue.record("expected a configure command")
            return
        }
        #expect(back == configuration)
    }

    @Test("a string repeated in a frame is sent once")
    func repeatedStringsSentOnce() throws {
        let topic = "a-topic-name-long-enough-to-matter"
        let frame = try CompactFrame.encode(Array(repeating: topic, count: 100))
        #expect(frame.count < topic.utf8.count + 100 * 3 + 16)
    }

    @Test("a value of the wrong type or out of range is a decoding error")
    func mismatchesAreErrors() throws {
        #expect(throws: DecodingError.self) { try CompactFrame.decode(Int8.self, from: try CompactFrame.encode(300)) }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(UInt.self, from: try CompactFrame.encode(-1)) }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(String.self, from: try CompactFrame.encode(1)) }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(RawSample.self, from: try CompactFrame.encode(["metadata": 1])) }
    }

    @Test("a frame of another format or version is refused with the reason")
    func foreignFramesRefused() throws {
        var frame = try CompactFrame.encode(WorkerReply.ready(librdkafkaVersion: "2.14.2"))
        frame[3] = 9
        do {
            _ = try CompactFrame.decode(WorkerReply.self, from: frame)
            Issue.record("a frame of version 9 decoded")
        } catch {
            #expect("\(error)".contains("the worker is from another build"))
        }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(WorkerReply.self, from: Array(#"{"ready":{}}"#.utf8)) }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(WorkerReply.self, from: []) }
    }

    @Test("every truncation of a sample frame, and trailing bytes, are decoding errors")
    func truncationsAreErrors() throws {
        let frame = try CompactFrame.encode(WorkerReply.sample(Self.sample))
        for length in 0..<frame.count {
            #expect(throws: (any Error).self) { try CompactFrame.decode(WorkerReply.self, from: Array(frame.prefix(length))) }
        }
        #expect(throws: DecodingError.self) { try CompactFrame.decode(WorkerReply.self, from: frame + [0]) }
    }

    @Test("corrupted frames decode or throw, never crash: every byte flipped, and seeded random bytes")
    func corruptionNeverCrashes() throws {
        let frame = try CompactFrame.encode(WorkerReply.sample(Self.sample))
        var decodedAnyway = 0
        for index in 4..<frame.count {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var corrupted = frame
                corrupted[index] ^= flip
                if (try? CompactFrame.decode(WorkerReply.self, from: corrupted)) != nil { decodedAnyway += 1 }
            }
        }
        var generator = SeededGenerator(seed: 19)
        for _ in 0..<2_000 {
            let body = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? CompactFrame.decode(WorkerReply.self, from: Array(frame.prefix(4)) + body)
        }
        // Most flips break the frame; some only change a value (an offset, a count of requests).
        #expect(decodedAnyway < (frame.count - 4) * 3)
    }

    @Test("a count larger than the bytes left is refused before allocating")
    func hugeCountsRefused() throws {
        // An array claiming 2^62 elements, in a frame of a few bytes.
        let frame: [UInt8] = [0x4B, 0x50, 0x46, 1, CompactFrame.Tag.array.rawValue, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x3F]
        #expect(throws: DecodingError.self) { try CompactFrame.decode([Int].self, from: frame) }
        let reference: [UInt8] = [0x4B, 0x50, 0x46, 1, CompactFrame.Tag.stringReference.rawValue, 0]
        #expect(throws: DecodingError.self) { try CompactFrame.decode(String.self, from: reference) }
    }
}

/// xorshift64*: the same bytes on every run, so that a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed | 1 }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
}
