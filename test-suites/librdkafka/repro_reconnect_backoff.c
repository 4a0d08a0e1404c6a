/*
 * Reproduction for the reconnect storm to a dead broker (fixed by
 * scripts/librdkafka-patches/0004-broker-connect-op-keep-reconnect-backoff.patch):
 *
 *   An admin-only client (producer-type handle, so sparse connections;
 *   reconnect.backoff.ms=100 (default), reconnect.backoff.max.ms=2000) keeps
 *   sampling the cluster after one broker died. Every request that waits for
 *   that broker (per-leader ListOffsets, DescribeConfigs of the broker, the
 *   ListConsumerGroups fan-out) makes librdkafka reconnect to it with no
 *   backoff at all: thousands of refused connects per second and a large
 *   part of a core (seen on Kafka 3.8: ~4,300 connects/s, 25-50 % CPU).
 *
 * Cause (librdkafka 2.14.2, src/rdkafka_broker.c): the RD_KAFKA_OP_CONNECT
 * handler sets rkb_ts_reconnect = 0 ("Expedite next reconnect") on every
 * connect request. With sparse connections a failed connect goes
 * CONNECT -> DOWN -> INIT; the state change wakes every request waiting in
 * rd_kafka_broker_get_async(), which finds the broker in INIT and sends it a
 * new OP_CONNECT; the handler moves INIT -> TRY_CONNECT and wipes the
 * backoff that rd_kafka_broker_connect() had just set -> immediate connect
 * -> refused -> DOWN -> INIT -> ... (debug=broker on unpatched 2.14.2: one
 * "Received CONNECT op" per connect, 6,399 vs 6,400 in 3 s, and not a single
 * "Delaying next reconnect").
 *
 * What this program does (mock cluster, 3 brokers, deterministic):
 *   1. warm-up: 3 samples with all brokers up (the client has connected to
 *      broker 2, the leader of 2 of the 6 partitions);
 *   2. broker 2 set down (connects refused, like a killed broker) for DOWN_S
 *      seconds while the worker loop goes on: every 1 s one sample =
 *      DescribeCluster, ListConsumerGroups, DescribeConsumerGroups,
 *      ListConsumerGroupOffsets, ListOffsets (all partitions) and
 *      DescribeConfigs (brokers 1-3), request timeout 500 ms, as kafka-pulse's
 *      worker does. Measured: connect() calls to broker 2's port (counted by
 *      interposing connect(), see below) and process CPU time (getrusage,
 *      all threads, mock cluster included) over the window;
 *   3. broker 2 set up again: its partitions must be readable again within
 *      RECOVER_MAX_MS: the first attempt after the (at most 2 s) backoff
 *      connects, so patched recovery is bounded by 2 s + one sample period.
 *
 * Not in the default sample (knobs, environment):
 *   REPRO_OPS=MCLDOTF adds Metadata (default CLDOTF; M Metadata,
 *     C DescribeCluster, L ListConsumerGroups, D DescribeConsumerGroups,
 *     O ListConsumerGroupOffsets, T ListOffsets, F DescribeConfigs). The mock
 *     leaves a down broker out of Metadata responses, and 2.14.2 then
 *     decommissions that broker handle (rd_kafka_metadata_decommission_-
 *     unavailable_brokers), so there is nothing left to storm against: like
 *     a real cluster after it fenced the dead broker. The storm needs the
 *     broker still known (on a real cluster presumably until the controller
 *     fences it and Metadata stops listing it; not verified on Kafka 3.8).
 *   REPRO_COORD=2 puts the group coordinator on the down broker (default 1:
 *     a real cluster moves coordinators off a dead broker). A coordinator
 *     request waiting for its coordinator holds rkb_persistconn.coord, which
 *     keeps the broker in TRY_CONNECT (where the backoff is honoured) rather
 *     than INIT, so get_async() sends no CONNECT op: unpatched 2.14.2 then
 *     stays at ~1 attempt/s. It hides the bug, it does not fix it.
 *
 * Pass criterion: attempts/s to the down broker <= MAX_RATE (default 20/s).
 * Why 20: with the patch, a CONNECT op (sent whenever a request needs the
 * broker) shortens the backoff to the base reconnect.backoff.ms (100 ms) from
 * now, never below: at most 10 attempts/s however many requests wait; without
 * requests the backoff doubles to reconnect.backoff.max.ms (2000 ms). 20/s
 * leaves 2x headroom for timing noise and is ~2 orders of magnitude below the
 * storm (thousands/s here).
 * Also: CPU of the whole process over the window <= MAX_CPU_PCT (default 2 %
 * of one core, our target with one broker down).
 *
 * Unpatched 2.14.2 (with or without 0001-0003): 1,900-6,800 attempts/s and
 * 18-50 % of a core (the loop is CPU-bound: less on a busy box), exit 1.
 * Patched (0004): 6.1 attempts/s, 0.3 % of a core, broker 2's partitions
 * readable again 0.5 s after it is back (the next sample), exit 0.
 * The error callback is not a measure of attempts: librdkafka reports an
 * identical connect error at most once per 30 s per broker handle (2 calls
 * in 10 s during the storm).
 *
 * Usage: repro_reconnect_backoff [DOWN_S=10] [MAX_RATE=20] [MAX_CPU_PCT=2]
 *                                [RECOVER_MAX_MS=4000]
 * REPRO_DEBUG=broker for librdkafka debug logs (inflates CPU),
 * REPRO_VERBOSE=1 prints every ListOffsets result, REPRO_CONF=k=v,k=v adds
 * client config (e.g. enable.sparse.connections=false, see below).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

#define DOWN_BROKER  2
#define NPARTS       6
#define REQ_TMO_MS   500
#define SAMPLE_MS    1000
static const char *TOPIC = "repro-topic";
static const char *GROUP = "repro-group";

static rd_kafka_mock_cluster_t *mc;
static rd_kafka_t *rk;
static const char *ops = "CLDOTF"; /* which requests a sample makes */

/* Connection attempts to the down broker, counted at the socket level: this
 * program's connect() interposes libc's for librdkafka (the executable's
 * definition wins symbol lookup), counts calls to DOWN_BROKER's port and
 * forwards them. Unlike the per-broker "connects" statistic, this also counts
 * across broker handles that are decommissioned and re-created. */
static int down_port;
static long down_connects;

int connect(int fd, const struct sockaddr *sa, socklen_t len) {
        static int (*real_connect)(int, const struct sockaddr *, socklen_t);
        if (!real_connect)
                *(void **)&real_connect = dlsym(RTLD_NEXT, "connect");
        if (sa && sa->sa_family == AF_INET && down_port &&
            ntohs(((const struct sockaddr_in *)sa)->sin_port) == down_port)
                __atomic_add_fetch(&down_connects, 1, __ATOMIC_RELAXED);
        return real_connect(fd, sa, len);
}

static long get_down_connects(void) {
        return __atomic_load_n(&down_connects, __ATOMIC_RELAXED);
}

static int err_cb_cnt = 0;

static void error_cb(rd_kafka_t *rk_, int err, const char *reason,
                     void *opaque) {
        (void)rk_, (void)err, (void)reason, (void)opaque;
        err_cb_cnt++;
}

static double cpu_ms(void) {
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000.0 +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000.0;
}

static rd_kafka_AdminOptions_t *opts_new(rd_kafka_admin_op_t op) {
        char errstr[256];
        rd_kafka_AdminOptions_t *o = rd_kafka_AdminOptions_new(rk, op);
        if (rd_kafka_AdminOptions_set_request_timeout(o, REQ_TMO_MS, errstr,
                                                      sizeof(errstr)))
                FAIL("set_request_timeout: %s", errstr);
        return o;
}

/* One sample of the worker. Returns the number of partitions led by
 * DOWN_BROKER whose ListOffsets result had no error. */
static int sample(void) {
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_AdminOptions_t *o[6];
        rd_kafka_topic_partition_list_t *parts, *lo_parts;
        rd_kafka_ListConsumerGroupOffsets_t *lcgo;
        rd_kafka_ConfigResource_t *cr[3];
        const char *groups[] = {GROUP};
        const struct rd_kafka_metadata *md = NULL;
        int i, outstanding = 6, ok2 = 0;
        double deadline;
        char id[8];

        /* Metadata (synchronous, as our worker's first call). */
        if (strchr(ops, 'M') &&
            rd_kafka_metadata(rk, 1, NULL, &md, REQ_TMO_MS) == 0)
                rd_kafka_metadata_destroy(md);

        o[0] = opts_new(RD_KAFKA_ADMIN_OP_DESCRIBECLUSTER);
        if (strchr(ops, 'C'))
                rd_kafka_DescribeCluster(rk, o[0], q);
        else
                outstanding--;

        o[1] = opts_new(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
        if (strchr(ops, 'L'))
                rd_kafka_ListConsumerGroups(rk, o[1], q);
        else
                outstanding--;

        o[2] = opts_new(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS);
        if (strchr(ops, 'D'))
                rd_kafka_DescribeConsumerGroups(rk, groups, 1, o[2], q);
        else
                outstanding--;

        parts = rd_kafka_topic_partition_list_new(NPARTS);
        for (i = 0; i < NPARTS; i++)
                rd_kafka_topic_partition_list_add(parts, TOPIC, i);
        lcgo = rd_kafka_ListConsumerGroupOffsets_new(GROUP, parts);
        o[3] = opts_new(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
        if (strchr(ops, 'O'))
                rd_kafka_ListConsumerGroupOffsets(rk, &lcgo, 1, o[3], q);
        else
                outstanding--;

        lo_parts = rd_kafka_topic_partition_list_new(NPARTS);
        for (i = 0; i < NPARTS; i++)
                rd_kafka_topic_partition_list_add(lo_parts, TOPIC, i)->offset =
                    RD_KAFKA_OFFSET_SPEC_LATEST;
        o[4] = opts_new(RD_KAFKA_ADMIN_OP_LISTOFFSETS);
        if (strchr(ops, 'T'))
                rd_kafka_ListOffsets(rk, lo_parts, o[4], q);
        else
                outstanding--;

        for (i = 0; i < 3; i++) {
                snprintf(id, sizeof(id), "%d", i + 1);
                cr[i] = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_BROKER,
                                                    id);
        }
        o[5] = opts_new(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS);
        if (strchr(ops, 'F'))
                rd_kafka_DescribeConfigs(rk, cr, 3, o[5], q);
        else
                outstanding--;

        deadline = now_ms() + REQ_TMO_MS + 1000;
        while (outstanding > 0 && now_ms() < deadline) {
                rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 50);
                rd_kafka_poll(rk, 0);
                if (!ev)
                        continue;
                if (rd_kafka_event_type(ev) ==
                    RD_KAFKA_EVENT_LISTOFFSETS_RESULT) {
                        const rd_kafka_ListOffsets_result_t *res =
                            rd_kafka_event_ListOffsets_result(ev);
                        size_t n, j;
                        const rd_kafka_ListOffsetsResultInfo_t **ri =
                            rd_kafka_ListOffsets_result_infos(res, &n);
                        for (j = 0; j < n; j++) {
                                const rd_kafka_topic_partition_t *tp =
                                    rd_kafka_ListOffsetsResultInfo_topic_partition(
                                        ri[j]);
                                /* A per-leader request that timed out
                                 * leaves NO_ERROR with offset -1001 in
                                 * 2.14.2: readable = a real offset (the
                                 * mock's empty partitions: 0). */
                                if (tp->partition % 3 + 1 == DOWN_BROKER &&
                                    !tp->err && tp->offset >= 0)
                                        ok2++;
                                if (getenv("REPRO_VERBOSE"))
                                        printf("  ListOffsets %s [%d]: %s "
                                               "offset %lld\n",
                                               tp->topic, (int)tp->partition,
                                               rd_kafka_err2name(tp->err),
                                               (long long)tp->offset);
                        }
                }
                if (rd_kafka_event_type(ev) != RD_KAFKA_EVENT_ERROR)
                        outstanding--;
                rd_kafka_event_destroy(ev);
        }
        if (outstanding > 0)
                FAIL("%d admin result(s) missing %d ms after the request "
                     "timeout",
                     outstanding, 1000);

        for (i = 0; i < 3; i++)
                rd_kafka_ConfigResource_destroy(cr[i]);
        for (i = 0; i < 6; i++)
                rd_kafka_AdminOptions_destroy(o[i]);
        rd_kafka_ListConsumerGroupOffsets_destroy(lcgo);
        rd_kafka_topic_partition_list_destroy(parts);
        rd_kafka_topic_partition_list_destroy(lo_parts);
        rd_kafka_queue_destroy(q);
        return ok2;
}

/* Sample every SAMPLE_MS until \p until_ms (absolute, now_ms() clock),
 * serving callbacks in between. */
static void sample_until(double until_ms) {
        while (now_ms() < until_ms) {
                double next = now_ms() + SAMPLE_MS;
                sample();
                while (now_ms() < next && now_ms() < until_ms)
                        rd_kafka_poll(rk, 20);
        }
}

int main(int argc, char **argv) {
        rd_kafka_t *mrk;
        int down_s       = argc > 1 ? atoi(argv[1]) : 10;
        double max_rate  = argc > 2 ? atof(argv[2]) : 20.0;
        double max_cpu   = argc > 3 ? atof(argv[3]) : 2.0;
        double recov_max = argc > 4 ? atof(argv[4]) : 4000.0;
        rd_kafka_conf_t *conf;
        char errstr[256];
        long c0, c1;
        double t0, t1, cpu0, cpu1, rate, cpu_pct, t_up, t_ok = -1;
        int i, fail = 0, ok2;

        (void)admin_new, (void)wait_event; /* common.h helpers not used */
        setvbuf(stdout, NULL, _IONBF, 0);
        printf("repro_reconnect_backoff: librdkafka %s\n",
               rd_kafka_version_str());

        mc = mock_new(&mrk, 3);
        rd_kafka_mock_topic_create(mc, TOPIC, NPARTS, 3);
        for (i = 0; i < NPARTS; i++)
                rd_kafka_mock_partition_set_leader(mc, TOPIC, i, i % 3 + 1);
        rd_kafka_mock_coordinator_set(
            mc, "group", GROUP,
            getenv("REPRO_COORD") ? atoi(getenv("REPRO_COORD")) : 1);
        if (getenv("REPRO_OPS"))
                ops = getenv("REPRO_OPS");
        {
                /* "127.0.0.1:port1,127.0.0.1:port2,..." in broker id order */
                const char *b = rd_kafka_mock_cluster_bootstraps(mc);
                for (i = 1; i < DOWN_BROKER && b; i++)
                        if ((b = strchr(b, ',')))
                                b++;
                if (!b || !strchr(b, ':'))
                        FAIL("cannot parse bootstraps %s",
                             rd_kafka_mock_cluster_bootstraps(mc));
                down_port = atoi(strchr(b, ':') + 1);
        }

        /* Like admin_new() (common.h), plus an error callback. */
        conf = rd_kafka_conf_new();
        conf_set(conf, "bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mc));
        conf_set(conf, "log_level", getenv("REPRO_DEBUG") ? "7" : "3");
        if (getenv("REPRO_DEBUG"))
                conf_set(conf, "debug", getenv("REPRO_DEBUG"));
        conf_set(conf, "reconnect.backoff.max.ms", "2000");
        if (getenv("REPRO_CONF")) { /* extra "k=v,k=v" client config */
                char *kv = strdup(getenv("REPRO_CONF")), *save = NULL, *t;
                for (t = strtok_r(kv, ",", &save); t;
                     t = strtok_r(NULL, ",", &save)) {
                        char *eq = strchr(t, '=');
                        if (!eq)
                                FAIL("REPRO_CONF: %s is not k=v", t);
                        *eq = '\0';
                        conf_set(conf, t, eq + 1);
                }
                free(kv);
        }
        rd_kafka_conf_set_error_cb(conf, error_cb);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk)
                FAIL("rd_kafka_new(admin): %s", errstr);

        /* 1. Warm-up: all brokers up, broker 2 connected. */
        sample_until(now_ms() + 2000 /* 2 samples */);
        if ((ok2 = sample()) != NPARTS / 3 && strchr(ops, 'T'))
                FAIL("warm-up: %d/%d partitions of broker %d readable", ok2,
                     NPARTS / 3, DOWN_BROKER);

        /* 2. Broker 2 dies. */
        c0 = get_down_connects();
        if (c0 < 1) /* e.g. a static build, where connect() is not ours */
                FAIL("no connect() to broker %d's port seen during the "
                     "warm-up: the connect() counter does not work here",
                     DOWN_BROKER);
        t0         = now_ms();
        cpu0       = cpu_ms();
        err_cb_cnt = 0;
        rd_kafka_mock_broker_set_down(mc, DOWN_BROKER);
        printf("broker %d set down; sampling every %d ms for %d s\n",
               DOWN_BROKER, SAMPLE_MS, down_s);
        sample_until(t0 + down_s * 1000.0);
        c1   = get_down_connects();
        t1   = now_ms();
        cpu1 = cpu_ms();
        rate    = (double)(c1 - c0) * 1000.0 / (t1 - t0);
        cpu_pct = (cpu1 - cpu0) * 100.0 / (t1 - t0);
        printf("broker %d down %.1f s: %ld connection attempts (%.1f/s, "
               "max %.1f/s), %d error callbacks, process CPU %.0f ms "
               "= %.1f %% of a core (max %.1f %%)\n",
               DOWN_BROKER, (t1 - t0) / 1000.0, c1 - c0, rate, max_rate,
               err_cb_cnt, cpu1 - cpu0, cpu_pct, max_cpu);
        if (rate > max_rate) {
                printf("FAIL: %.1f connection attempts/s to the down broker "
                       "exceed the reconnect backoff bound %.1f/s\n",
                       rate, max_rate);
                fail = 1;
        }
        if (cpu_pct > max_cpu) {
                printf("FAIL: CPU %.1f %% of a core with one broker down "
                       "(max %.1f %%)\n",
                       cpu_pct, max_cpu);
                fail = 1;
        }

        /* 3. Broker 2 comes back: must be used again quickly. */
        rd_kafka_mock_broker_set_up(mc, DOWN_BROKER);
        t_up = now_ms();
        while (now_ms() < t_up + recov_max + 2000) {
                double next = now_ms() + SAMPLE_MS;
                if (sample() == NPARTS / 3 || !strchr(ops, 'T')) {
                        t_ok = now_ms() - t_up;
                        break;
                }
                while (now_ms() < next)
                        rd_kafka_poll(rk, 20);
        }
        if (t_ok < 0 || t_ok > recov_max) {
                printf("FAIL: broker %d back up, its partitions readable "
                       "%s%.0f ms later (max %.0f ms)\n",
                       DOWN_BROKER, t_ok < 0 ? "not even " : "",
                       t_ok < 0 ? recov_max + 2000 : t_ok, recov_max);
                fail = 1;
        } else
                printf("broker %d back up: its partitions readable after "
                       "%.0f ms (max %.0f ms)\n",
                       DOWN_BROKER, t_ok, recov_max);

        rd_kafka_destroy(rk);
        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(mrk);
        if (fail)
                return 1;
        printf("PASS repro_reconnect_backoff\n");
        return 0;
}
