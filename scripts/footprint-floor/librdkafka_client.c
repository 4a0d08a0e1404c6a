/* The least a librdkafka worker can cost: one client connected to the broker, asking for the
 * cluster's metadata once a second, and nothing else (scripts/bench-e2e.py footprint-floor). */
#include <stdio.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>

int main(int argc, char **argv) {
    char error[512];
    if (argc != 2) {
        fprintf(stderr, "usage: %s BOOTSTRAP\n", argv[0]);
        return 2;
    }
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], error, sizeof error) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    rd_kafka_t *client = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
    if (client == NULL) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    for (;;) {
        const struct rd_kafka_metadata *metadata;
        if (rd_kafka_metadata(client, 1, NULL, &metadata, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            printf("metadata: %d broker(s)\n", metadata->broker_cnt);
            fflush(stdout);
            rd_kafka_metadata_destroy(metadata);
        }
        sleep(1);
    }
}
