/*
 * Reproduction for a stale group coordinator after a broker is decommissioned
 * (librdkafka #5511; fixed by scripts/librdkafka-patches/
 * 0005-coordinator-cache-forgets-decommissioned-broker.patch):
 *
 *   The group's coordinator broker goes down; the next Metadata answer no
 *   longer lists it and librdkafka (>= 2.10) decommissions its handle, but
 *   the coordinator cache keeps it. Every later coordinator request waits for
 *   that dead handle until it times out, also after the broker is back.
 *
 * What the exporter's worker does is imitated: one Metadata request and one
 * ListConsumerGroupOffsets call (500 ms timeout) per second.
 *
 * Pass (exit 0) = within RECOVER_S seconds after the broker is back, a call
 * succeeds. Unpatched librdkafka 2.14.2: every call times out.
 *
 * Usage: repro_coord_decommissioned [DOWN_S] [RECOVER_S]   (defaults 4, 10)
 */
#include <unistd.h>

#include "common.h"

static const char *GROUP = "repro-group";
static const char *TOPIC = "repro-topic";

/* One sample: Metadata (what drops the down broker), then the offsets. */
static rd_kafka_resp_err_t sample(rd_kafka_t *rk, char *errstr, size_t size) {
        const struct rd_kafka_metadata *md;
        if (rd_kafka_metadata(rk, 1, NULL, &md, 2000) == RD_KAFKA_RESP_ERR_NO_ERROR)
                rd_kafka_metadata_destroy(md);
        return list_group_offsets(rk, GROUP, TOPIC, 1, 500, errstr, size);
}

int main(int argc, char **argv) {
        rd_kafka_t *mrk, *rk;
        rd_kafka_mock_cluster_t *mc;
        rd_kafka_resp_err_t err;
        char errstr[512];
        int down_s    = argc > 1 ? atoi(argv[1]) : 4;
        int recover_s = argc > 2 ? atoi(argv[2]) : 10;
        int i;

        setvbuf(stdout, NULL, _IONBF, 0);
        printf("repro_coord_decommissioned: librdkafka %s\n",
               rd_kafka_version_str());

        mc = mock_new(&mrk, 3);
        rd_kafka_mock_topic_create(mc, TOPIC, 1, 3);
        rd_kafka_mock_partition_set_leader(mc, TOPIC, 0, 1);
        rd_kafka_mock_coordinator_set(mc, "group", GROUP, 3);
        rk = admin_new(mc, NULL);

        if ((err = sample(rk, errstr, sizeof(errstr))))
                FAIL("baseline ListConsumerGroupOffsets failed: %s", errstr);
        printf("baseline call ok (coordinator: broker 3)\n");

        rd_kafka_mock_broker_set_down(mc, 3);
        for (i = 0; i < down_s; i++) {
                err = sample(rk, errstr, sizeof(errstr));
                printf("broker 3 down, second %d: %s\n", i,
                       err ? rd_kafka_err2name(err) : "ok");
                sleep(1);
        }

        rd_kafka_mock_broker_set_up(mc, 3);
        for (i = 0; i < recover_s; i++) {
                err = sample(rk, errstr, sizeof(errstr));
                printf("broker 3 back, second %d: %s\n", i,
                       err ? rd_kafka_err2name(err) : "ok");
                if (!err)
                        break;
                sleep(1);
        }
        if (err)
                FAIL("no successful call within %d s after the coordinator "
                     "came back: the decommissioned broker is still the "
                     "cached coordinator (%s)",
                     recover_s, errstr);

        rd_kafka_destroy(rk);
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(mrk);
        printf("PASS repro_coord_decommissioned\n");
        return 0;
}
