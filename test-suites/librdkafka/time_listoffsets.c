/*
 * Timing for scripts/librdkafka-patches/0003-listoffsets-merge-linear.patch:
 * one rd_kafka_ListOffsets() call for N partitions (default 10,000: 10 topics
 * x 1,000 partitions, leaders spread over 3 mock brokers), end to end
 * (call -> result event), best and median of R rounds. Also checks the
 * result: one entry per requested partition, in request order, each with
 * the end offset the mock reports for it.
 *
 * Usage: time_listoffsets [partitions] [rounds] [max_ms]
 *   max_ms (optional): exit 1 if the median is above it (run.sh passes a
 *   generous bound so only the quadratic behaviour fails it).
 */
#include <unistd.h>

#include "common.h"

static int cmp_double(const void *a, const void *b) {
        double x = *(const double *)a, y = *(const double *)b;
        return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
        int nparts  = argc > 1 ? atoi(argv[1]) : 10000;
        int rounds  = argc > 2 ? atoi(argv[2]) : 5;
        double max  = argc > 3 ? atof(argv[3]) : 0;
        int ntopics = nparts >= 1000 ? nparts / 1000 : 1;
        int per     = nparts / ntopics;
        double *ms  = calloc(rounds, sizeof(*ms));
        rd_kafka_t *mrk, *rk;
        rd_kafka_mock_cluster_t *mc;
        rd_kafka_topic_partition_list_t *req;
        char topic[64], errstr[256];
        int t, p, r;

        setvbuf(stdout, NULL, _IONBF, 0);
        nparts = ntopics * per;
        mc     = mock_new(&mrk, 3);
        for (t = 0; t < ntopics; t++) {
                snprintf(topic, sizeof(topic), "timing-topic-%d", t);
                rd_kafka_mock_topic_create(mc, topic, per, 1);
        }
        rk = admin_new(mc, NULL);

        /* Request partitions interleaved across topics (not grouped), the
         * order a caller iterating partitions-then-topics would use. */
        req = rd_kafka_topic_partition_list_new(nparts);
        for (p = 0; p < per; p++)
                for (t = 0; t < ntopics; t++) {
                        snprintf(topic, sizeof(topic), "timing-topic-%d", t);
                        rd_kafka_topic_partition_list_add(req, topic, p)
                            ->offset = RD_KAFKA_OFFSET_SPEC_LATEST;
                }

        for (r = -1; r < rounds; r++) { /* round -1: warm-up (metadata) */
                rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
                rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(
                    rk, RD_KAFKA_ADMIN_OP_LISTOFFSETS);
                const rd_kafka_ListOffsetsResultInfo_t **infos;
                rd_kafka_event_t *ev;
                size_t cnt, i;
                double t0;

                if (rd_kafka_AdminOptions_set_request_timeout(o, 60000, errstr,
                                                              sizeof(errstr)))
                        FAIL("%s", errstr);
                t0 = now_ms();
                rd_kafka_ListOffsets(rk, req, o, q);
                ev = wait_event(q, RD_KAFKA_EVENT_LISTOFFSETS_RESULT, 120000);
                if (!ev)
                        FAIL("no ListOffsets result");
                if (r >= 0)
                        ms[r] = now_ms() - t0;
                if (rd_kafka_event_error(ev))
                        FAIL("ListOffsets: %s", rd_kafka_event_error_string(ev));
                infos = rd_kafka_ListOffsets_result_infos(
                    rd_kafka_event_ListOffsets_result(ev), &cnt);
                if ((int)cnt != nparts)
                        FAIL("%zu results for %d partitions", cnt, nparts);
                for (i = 0; i < cnt; i++) {
                        const rd_kafka_topic_partition_t *a =
                            rd_kafka_ListOffsetsResultInfo_topic_partition(
                                infos[i]);
                        const rd_kafka_topic_partition_t *b = &req->elems[i];
                        if (strcmp(a->topic, b->topic) ||
                            a->partition != b->partition)
                                FAIL("result %zu is %s [%d], requested "
                                     "%s [%d]",
                                     i, a->topic, a->partition, b->topic,
                                     b->partition);
                        if (a->err)
                                FAIL("%s [%d]: %s", a->topic, a->partition,
                                     rd_kafka_err2str(a->err));
                        /* Empty mock partitions: end offset 0 */
                        if (a->offset != 0)
                                FAIL("%s [%d]: offset %lld, expected 0",
                                     a->topic, a->partition,
                                     (long long)a->offset);
                }
                rd_kafka_event_destroy(ev);
                rd_kafka_AdminOptions_destroy(o);
                rd_kafka_queue_destroy(q);
        }

        qsort(ms, rounds, sizeof(*ms), cmp_double);
        printf("time_listoffsets: librdkafka %s: one ListOffsets call for %d "
               "partitions (%d topics): best %.1f ms, median %.1f ms "
               "(%d rounds)\n",
               rd_kafka_version_str(), nparts, ntopics, ms[0],
               ms[rounds / 2], rounds);

        rd_kafka_topic_partition_list_destroy(req);
        rd_kafka_destroy(rk);
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(mrk);
        if (max > 0 && ms[rounds / 2] > max) {
                printf("FAIL: median %.1f ms > %.0f ms\n", ms[rounds / 2], max);
                return 1;
        }
        return 0;
}
