import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group member speaking the KIP-848 protocol (group.protocol=consumer) for the real-Kafka
 * truth tests; confluent-kafka's librdkafka is the test's client everywhere else.
 *
 * Usage: Kip848Member BOOTSTRAP GROUP TOPIC[,TOPIC...]
 * It subscribes and polls until stdin closes or says EXIT. stdout, one line per event:
 *   ASSIGNED topic:partition,...   whenever its assignment changes (empty after "ASSIGNED ")
 *   COMMITTED                      after a commit asked on stdin
 *   ERROR message                  when a commit failed
 * stdin: "COMMIT topic partition offset [topic partition offset ...]" commits those offsets from
 * inside the group (the member's own epoch), synchronously.
 */
public final class Kip848Member {
    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, args[1]);
        props.put("group.protocol", "consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "kip848-" + ProcessHandle.current().pid());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<String> topics = List.of(args[2].split(","));

        LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in))) {
                String line;
                while ((line = in.readLine()) != null) commands.add(line.trim());
            } catch (java.io.IOException ignored) {
            }
            commands.add("EXIT");
        });
        reader.setDaemon(true);
        reader.start();

        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(topics);
            String last = null;
            while (true) {
                consumer.poll(Duration.ofMillis(100));
                TreeSet<String> names = new TreeSet<>();
                for (TopicPartition tp : consumer.assignment()) names.add(tp.topic() + ":" + tp.partition());
                String now = String.join(",", names);
                if (!now.equals(last)) {
                    System.out.println("ASSIGNED " + now);
                    System.out.flush();
                    last = now;
                }
                String command = commands.poll();
                if (command == null || command.isEmpty()) continue;
                if (command.equals("EXIT")) break;
                String[] f = command.split("\\s+");
                Map<TopicPartition, OffsetAndMetadata> offsets = new java.util.HashMap<>();
                for (int i = 1; i + 2 < f.length; i += 3) {
                    offsets.put(new TopicPartition(f[i], Integer.parseInt(f[i + 1])),
                                new OffsetAndMetadata(Long.parseLong(f[i + 2])));
                }
                try {
                    consumer.commitSync(offsets, Duration.ofSeconds(20));
                    System.out.println("COMMITTED");
                } catch (RuntimeException e) {
                    System.out.println("ERROR " + e);
                }
                System.out.flush();
            }
        }
    }
}
