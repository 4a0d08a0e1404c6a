/*
 * Reproduction for librdkafka issue #4605 (fixed by
 * scripts/librdkafka-patches/0002-admin-coord-request-eonce-double-release.patch):
 *
 *   rdkafka_queue.h: rd_kafka_enq_once_del_source_return:
 *   Assertion `eonce->refcnt > 0' failed.
 *
 * A coordinator-based Admin request (ListConsumerGroupOffsets,
 * DescribeConsumerGroups, ...) times out while its rd_kafka_coord_req() is
 * still waiting for the group coordinator (coordinator broker down, or
 * FindCoordinator slow). Later the coordinator comes up, the coord_req FSM
 * calls rd_kafka_admin_coord_request(), which drops the eonce's last
 * reference (freeing it) and returns __DESTROY; coord_req then fails the
 * request and delivers that error to rd_kafka_admin_coord_response_parse()
 * with the freed eonce, which releases it a second time. On the real worker
 * this hit within seconds of a broker kill with a short request timeout.
 *
 * Scenarios, each iteration (all on the mock cluster, deterministic):
 *   down:  coordinator broker down, ListConsumerGroupOffsets times out
 *          (300 ms), coordinator broker back up.
 *   dcg:   the same with DescribeConsumerGroups.
 *   slowfc: FindCoordinator answered after 1 s, ListConsumerGroupOffsets
 *          (fresh group) times out after 300 ms.
 * Between the steps the program keeps issuing normal admin requests (as our
 * worker does), so a freed eonce's memory is reused by the next request.
 *
 * Outcome on unpatched 2.14.2: the double release either aborts with the
 * assertion above (SIGABRT), or rd_kafka_admin_coord_response_parse() locks
 * the mutex of the freed eonce and blocks the rdkafka main thread forever,
 * which this program reports as a hang (exit 3; every later admin request
 * never gets a result). Patched: exit 0.
 *
 * Usage: repro_coord_eonce [iterations] [scenario: all|down|dcg|slowfc]
 */
#include <signal.h>
#include <unistd.h>

#include "common.h"

#define COORD_BROKER 2
static const char *TOPIC = "repro-topic";
static const char *GROUP = "repro-eonce-group";
static const char *OTHER = "repro-other-group"; /* coordinator: broker 1 */

static rd_kafka_mock_cluster_t *mc;
static rd_kafka_t *rk;

static void on_alarm(int sig) {
        static const char msg[] =
            "HANG: no progress for 60 s (rdkafka main thread blocked)\n";
        (void)sig;
        (void)!write(2, msg, sizeof(msg) - 1);
        _exit(3);
}

static rd_kafka_AdminOptions_t *opts_new(rd_kafka_admin_op_t op, int tmo) {
        char errstr[256];
        rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
        if (rd_kafka_AdminOptions_set_request_timeout(o, tmo, errstr,
                                                      sizeof(errstr)))
                FAIL("set_request_timeout: %s", errstr);
        return o;
}

/* Start a ListConsumerGroupOffsets on q (result is read by finish()). */
static void lcgo_start(rd_kafka_queue_t *q, const char *group, int tmo) {
        rd_kafka_topic_partition_list_t *parts =
            rd_kafka_topic_partition_list_new(1);
        rd_kafka_ListConsumerGroupOffsets_t *req;
        rd_kafka_AdminOptions_t *o =
            opts_new(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS, tmo);

        rd_kafka_topic_partition_list_add(parts, TOPIC, 0);
        req = rd_kafka_ListConsumerGroupOffsets_new(group, parts);
        rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, o, q);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
        rd_kafka_topic_partition_list_destroy(parts);
        rd_kafka_AdminOptions_destroy(o);
}

static void dcg_start(rd_kafka_queue_t *q, const char *group, int tmo) {
        rd_kafka_AdminOptions_t *o =
            opts_new(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, tmo);
        const char *groups[] = {group};
        rd_kafka_DescribeConsumerGroups(rk, groups, 1, o, q);
        rd_kafka_AdminOptions_destroy(o);
}

/* Wait for the result of one request; a missing result means the rdkafka
 * main thread is stuck. Returns the request-level error. */
static rd_kafka_resp_err_t finish(rd_kafka_queue_t *q, int evtype,
                                  const char *what) {
        rd_kafka_event_t *ev = wait_event(q, evtype, 10000);
        rd_kafka_resp_err_t err;
        if (!ev) {
                fprintf(stderr,
                        "HANG: no result for %s within 10 s "
                        "(rdkafka main thread blocked)\n",
                        what);
                _exit(3);
        }
        err = rd_kafka_event_error(ev);
        rd_kafka_event_destroy(ev);
        return err;
}

/* Normal traffic for ~ms milliseconds: ListConsumerGroupOffsets for a group
 * whose coordinator stays up (the worker's steady load). */
static int background(int ms) {
        double until = now_ms() + ms;
        int n = 0;
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        while (now_ms() < until) {
                rd_kafka_resp_err_t err;
                lcgo_start(q, OTHER, 5000);
                err = finish(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                             "background ListConsumerGroupOffsets");
                if (err)
                        FAIL("background request failed: %s",
                             rd_kafka_err2name(err));
                n++;
                usleep(20 * 1000);
        }
        rd_kafka_queue_destroy(q);
        return n;
}

/* Coordinator down -> request times out -> coordinator up. */
static void scenario_down(int i, int dcg) {
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_resp_err_t err;
        int evtype = dcg ? RD_KAFKA_EVENT_DESCRIBECONSUMERGROUPS_RESULT
                         : RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT;

        rd_kafka_mock_broker_set_down(mc, COORD_BROKER);
        usleep(100 * 1000);
        if (dcg)
                dcg_start(q, GROUP, 300);
        else
                lcgo_start(q, GROUP, 300);
        err = finish(q, evtype, dcg ? "DescribeConsumerGroups"
                                    : "ListConsumerGroupOffsets");
        rd_kafka_mock_broker_set_up(mc, COORD_BROKER);
        printf("  %-6s iteration %d: coordinator down, request -> %s; "
               "coordinator up again, %d background requests ok\n",
               dcg ? "dcg" : "down", i, rd_kafka_err2name(err),
               background(1200));
        rd_kafka_queue_destroy(q);
}

/* FindCoordinator answered after the request timed out. */
static void scenario_slowfc(int i) {
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_resp_err_t err;
        char group[64];
        int b;

        snprintf(group, sizeof(group), "repro-slowfc-%d", i);
        rd_kafka_mock_coordinator_set(mc, "group", group, 3);
        /* Whichever broker is asked answers FindCoordinator after 1 s
         * (one delayed response queued per broker, topped up). */
        for (b = 1; b <= 3; b++) {
                size_t cnt = 0;
                rd_kafka_mock_broker_error_stack_cnt(
                    mc, b, APIKEY_FINDCOORDINATOR, &cnt);
                if (cnt == 0)
                        rd_kafka_mock_broker_push_request_error_rtts(
                            mc, b, APIKEY_FINDCOORDINATOR, 1,
                            RD_KAFKA_RESP_ERR_NO_ERROR, 1000);
        }
        lcgo_start(q, group, 300);
        err = finish(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                     "ListConsumerGroupOffsets");
        printf("  slowfc iteration %d: request -> %s; "
               "%d background requests ok\n",
               i, rd_kafka_err2name(err), background(1200));
        rd_kafka_queue_destroy(q);
}

int main(int argc, char **argv) {
        rd_kafka_t *mrk;
        int iterations       = argc > 1 ? atoi(argv[1]) : 10;
        const char *scenario = argc > 2 ? argv[2] : "all";
        int all              = !strcmp(scenario, "all");
        int i;

        setvbuf(stdout, NULL, _IONBF, 0);
        signal(SIGALRM, on_alarm);
        printf("repro_coord_eonce: librdkafka %s, %d iterations, "
               "scenario %s\n",
               rd_kafka_version_str(), iterations, scenario);

        mc = mock_new(&mrk, 3);
        rd_kafka_mock_topic_create(mc, TOPIC, 2, 3);
        rd_kafka_mock_coordinator_set(mc, "group", GROUP, COORD_BROKER);
        rd_kafka_mock_coordinator_set(mc, "group", OTHER, 1);
        rk = admin_new(mc, "reconnect.backoff.ms", "50",
                       "reconnect.backoff.max.ms", "100", NULL);

        alarm(60);
        background(200); /* connect, learn the brokers */

        for (i = 0; i < iterations; i++) {
                alarm(60);
                if (all || !strcmp(scenario, "down"))
                        scenario_down(i, 0);
                if (all || !strcmp(scenario, "dcg"))
                        scenario_down(i, 1);
                if (all || !strcmp(scenario, "slowfc"))
                        scenario_slowfc(i);
        }

        alarm(60);
        rd_kafka_destroy(rk);
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(mrk);
        printf("PASS repro_coord_eonce (%d iterations, scenario %s)\n",
               iterations, scenario);
        return 0;
}
