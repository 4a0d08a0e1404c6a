/*
 * Small helpers shared by the librdkafka reproduction programs in this
 * directory (built by run.sh against a given librdkafka prefix).
 */
#ifndef KAFKA_PULSE_RDK_REPRO_COMMON_H
#define KAFKA_PULSE_RDK_REPRO_COMMON_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/* Kafka protocol ApiKeys (rdkafka_protocol.h is not installed). */
#define APIKEY_LISTOFFSETS     2
#define APIKEY_METADATA        3
#define APIKEY_OFFSETFETCH     9
#define APIKEY_FINDCOORDINATOR 10
#define APIKEY_DESCRIBEGROUPS  15

#define FAIL(...)                                                              \
        do {                                                                   \
                fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);           \
                fprintf(stderr, __VA_ARGS__);                                  \
                fprintf(stderr, "\n");                                         \
                exit(1);                                                       \
        } while (0)

static inline double now_ms(void) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static inline void conf_set(rd_kafka_conf_t *conf, const char *k, const char *v) {
        char errstr[256];
        if (rd_kafka_conf_set(conf, k, v, errstr, sizeof(errstr)) !=
            RD_KAFKA_CONF_OK)
                FAIL("conf %s=%s: %s", k, v, errstr);
}

/* A producer handle that only hosts the mock cluster. */
static inline rd_kafka_mock_cluster_t *mock_new(rd_kafka_t **mrkp, int brokers) {
        char errstr[256];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *mrk;
        rd_kafka_mock_cluster_t *mc;

        conf_set(conf, "log_level", "0");
        mrk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!mrk)
                FAIL("rd_kafka_new(mock host): %s", errstr);
        mc = rd_kafka_mock_cluster_new(mrk, brokers);
        if (!mc)
                FAIL("rd_kafka_mock_cluster_new failed");
        *mrkp = mrk;
        return mc;
}

/* An admin client (producer-type handle: no consumer group, rk_cgrp NULL)
 * against the mock. Extra config as NULL-terminated key, value pairs. */
static inline rd_kafka_t *admin_new(rd_kafka_mock_cluster_t *mc, ...) {
        char errstr[256];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_t *rk;
        const char *k;
        va_list ap;

        conf_set(conf, "bootstrap.servers", rd_kafka_mock_cluster_bootstraps(mc));
        conf_set(conf, "log_level", getenv("REPRO_DEBUG") ? "7" : "3");
        if (getenv("REPRO_DEBUG"))
                conf_set(conf, "debug", getenv("REPRO_DEBUG"));
        va_start(ap, mc);
        while ((k = va_arg(ap, const char *))) {
                const char *v = va_arg(ap, const char *);
                conf_set(conf, k, v);
        }
        va_end(ap);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk)
                FAIL("rd_kafka_new(admin): %s", errstr);
        return rk;
}

/* Wait for one event of type evtype on q; returns it (caller destroys). */
static inline rd_kafka_event_t *wait_event(rd_kafka_queue_t *q, int evtype,
                                    int timeout_ms) {
        double deadline = now_ms() + timeout_ms;
        while (now_ms() < deadline) {
                rd_kafka_event_t *ev = rd_kafka_queue_poll(q, 100);
                if (!ev)
                        continue;
                if (rd_kafka_event_type(ev) == evtype)
                        return ev;
                rd_kafka_event_destroy(ev);
        }
        return NULL;
}

/* One ListConsumerGroupOffsets call for partitions 0..partitions-1 of topic
 * (the mock needs them named); returns the request-level error, or the
 * group-level error if the request itself succeeded. */
static inline rd_kafka_resp_err_t list_group_offsets(rd_kafka_t *rk,
                                              const char *group,
                                              const char *topic,
                                              int partitions,
                                              int timeout_ms, char *errbuf,
                                              size_t errsize) {
        rd_kafka_queue_t *q = rd_kafka_queue_new(rk);
        rd_kafka_topic_partition_list_t *parts =
            rd_kafka_topic_partition_list_new(2);
        rd_kafka_ListConsumerGroupOffsets_t *req;
        rd_kafka_AdminOptions_t *opts;
        rd_kafka_event_t *ev;
        rd_kafka_resp_err_t err;
        char errstr[256];
        int p;

        for (p = 0; p < partitions; p++)
                rd_kafka_topic_partition_list_add(parts, topic, p);
        req  = rd_kafka_ListConsumerGroupOffsets_new(group, parts);
        opts = rd_kafka_AdminOptions_new(
            rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS);
        if (rd_kafka_AdminOptions_set_request_timeout(opts, timeout_ms, errstr,
                                                      sizeof(errstr)))
                FAIL("set_request_timeout: %s", errstr);

        rd_kafka_ListConsumerGroupOffsets(rk, &req, 1, opts, q);

        ev = wait_event(q, RD_KAFKA_EVENT_LISTCONSUMERGROUPOFFSETS_RESULT,
                        timeout_ms + 10000);
        if (!ev)
                FAIL("no ListConsumerGroupOffsets result within %d ms",
                     timeout_ms + 10000);

        err = rd_kafka_event_error(ev);
        snprintf(errbuf, errsize, "%s",
                 err ? rd_kafka_event_error_string(ev) : "");
        if (!err) {
                const rd_kafka_ListConsumerGroupOffsets_result_t *res =
                    rd_kafka_event_ListConsumerGroupOffsets_result(ev);
                size_t n;
                const rd_kafka_group_result_t **grps =
                    rd_kafka_ListConsumerGroupOffsets_result_groups(res, &n);
                if (n != 1)
                        FAIL("expected 1 group result, got %zu", n);
                if (rd_kafka_group_result_error(grps[0])) {
                        const rd_kafka_error_t *e =
                            rd_kafka_group_result_error(grps[0]);
                        err = rd_kafka_error_code(e);
                        snprintf(errbuf, errsize, "%s",
                                 rd_kafka_error_string(e));
                }
        }

        rd_kafka_event_destroy(ev);
        rd_kafka_AdminOptions_destroy(opts);
        rd_kafka_ListConsumerGroupOffsets_destroy(req);
        rd_kafka_topic_partition_list_destroy(parts);
        rd_kafka_queue_destroy(q);
        return err;
}

#endif
