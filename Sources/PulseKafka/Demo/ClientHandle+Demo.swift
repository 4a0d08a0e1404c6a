internal import CRDKafka
import Logging

extension ClientHandle {
    /// A handle of the demo (the mock cluster's host, the shop's producer or a service's consumer).
    /// Its librdkafka lines are quiet: the demo takes a broker down on purpose.
    static func demo(
        _ type: rd_kafka_type_t, client: String, properties: KeyValuePairs<String, String>, logger: Logger
    ) throws(KafkaReadError) -> ClientHandle {
        var logger = logger
        logger[metadataKey: "pulse.demo.client"] = "\(client)"
        return try ClientHandle(
            type, clientID: client, properties: properties.map { ($0.key, $0.value) },
            context: ClientContext(logger: logger, loudness: .quiet), countRequests: false)
    }
}

/// `RD_KAFKA_PARTITION_UA` ("any partition"): the macro's cast does not import into Swift.
let unassignedPartition: Int32 = -1
