/*
 * Reproduction for librdkafka issue #5040 (fixed by
 * scripts/librdkafka-patches/0001-offsetfetch-admin-no-cgrp.patch):
 *
 *   An admin client (no consumer group, rk->rk_cgrp == NULL) calls
 *   ListConsumerGroupOffsets; the coordinator answers OffsetFetch with a
 *   top-level NOT_COORDINATOR (or COORDINATOR_NOT_AVAILABLE) error, e.g.
 *   while the group coordinator moves after a broker restart.
 *   rd_kafka_handle_OffsetFetch() maps that error to ERR_ACTION_REFRESH and
 *   calls rd_kafka_cgrp_op(rk->rk_cgrp, ...) with rk_cgrp == NULL:
 *
 *     SIGSEGV in rd_kafka_cgrp_op (rkcg=0x0, ..., type=RD_KAFKA_OP_COORD_QUERY,
 *                                  err=RD_KAFKA_RESP_ERR_NOT_COORDINATOR)
 *       <- rd_kafka_handle_OffsetFetch
 *       <- rd_kafka_ListConsumerGroupOffsetsResponse_parse
 *
 * Deterministic on the mock: the error is injected with
 * rd_kafka_mock_push_request_errors(OffsetFetch, NOT_COORDINATOR).
 *
 * Pass (exit 0) = no crash, the call reports the coordinator error to the
 * application, and the next call succeeds after a fresh FindCoordinator (the
 * stale coordinator is not kept in the coordinator cache).
 * Unpatched librdkafka 2.14.2: killed by SIGSEGV on the first injected error.
 */
#include "common.h"

static const char *GROUP = "repro-group";
static const char *TOPIC = "repro-topic";

static int count_requests(rd_kafka_mock_cluster_t *mc, int16_t apikey) {
        size_t cnt, i;
        int n = 0;
        rd_kafka_mock_request_t **reqs = rd_kafka_mock_get_requests(mc, &cnt);
        for (i = 0; i < cnt; i++)
                if (rd_kafka_mock_request_api_key(reqs[i]) == apikey)
                        n++;
        rd_kafka_mock_request_destroy_array(reqs, cnt);
        return n;
}

static rd_kafka_resp_err_t list_offsets(rd_kafka_t *rk, char *errbuf,
                                        size_t errsize) {
        return list_group_offsets(rk, GROUP, TOPIC, 2, 5000, errbuf, errsize);
}

int main(int argc, char **argv) {
        rd_kafka_t *mrk, *rk;
        rd_kafka_mock_cluster_t *mc;
        rd_kafka_resp_err_t err;
        char errstr[512];
        int iterations = argc > 1 ? atoi(argv[1]) : 3;
        static const rd_kafka_resp_err_t inject[] = {
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE};
        int i;

        setvbuf(stdout, NULL, _IONBF, 0);
        printf("repro_offsetfetch_admin: librdkafka %s\n", rd_kafka_version_str());

        mc = mock_new(&mrk, 3);
        rd_kafka_mock_topic_create(mc, TOPIC, 2, 3);
        rd_kafka_mock_coordinator_set(mc, "group", GROUP, 2);
        rk = admin_new(mc, NULL);
        rd_kafka_mock_start_request_tracking(mc);

        /* 1. Baseline: works, one FindCoordinator. */
        if ((err = list_offsets(rk, errstr, sizeof(errstr))))
                FAIL("baseline ListConsumerGroupOffsets failed: %s", errstr);
        printf("baseline call ok (FindCoordinator requests: %d)\n",
               count_requests(mc, APIKEY_FINDCOORDINATOR));

        for (i = 0; i < iterations; i++) {
                rd_kafka_resp_err_t want = inject[i % 2];
                int fc_before;

                /* 2. The coordinator answers OffsetFetch with a top-level
                 *    coordinator error: unpatched librdkafka segfaults in
                 *    rd_kafka_cgrp_op(NULL) here. */
                rd_kafka_mock_push_request_errors(mc, APIKEY_OFFSETFETCH, 1,
                                                  want);
                err = list_offsets(rk, errstr, sizeof(errstr));
                if (err != want)
                        FAIL("iteration %d: expected %s, got %s (%s)", i,
                             rd_kafka_err2name(want), rd_kafka_err2name(err),
                             errstr);
                printf("iteration %d: injected %s -> reported to app: %s\n", i,
                       rd_kafka_err2name(want), errstr);

                /* 3. The next call works again and re-queries the
                 *    coordinator instead of trusting the cached one. */
                fc_before = count_requests(mc, APIKEY_FINDCOORDINATOR);
                if ((err = list_offsets(rk, errstr, sizeof(errstr))))
                        FAIL("iteration %d: call after the error failed: %s",
                             i, errstr);
                if (count_requests(mc, APIKEY_FINDCOORDINATOR) <= fc_before)
                        FAIL("iteration %d: no FindCoordinator after %s: the "
                             "stale coordinator was kept in the cache",
                             i, rd_kafka_err2name(want));
                printf("iteration %d: next call ok after a new "
                       "FindCoordinator\n", i);
        }

        rd_kafka_destroy(rk);
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(mrk);
        printf("PASS repro_offsetfetch_admin (%d iterations)\n", iterations);
        return 0;
}
