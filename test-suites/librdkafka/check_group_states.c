/*
 * Check for scripts/librdkafka-patches/0006-kip848-group-states.patch:
 * KIP-848 consumer groups' "Assigning" and "Reconciling" states have codes
 * and names of their own (unpatched librdkafka maps them to Unknown), and
 * the classic states keep theirs.
 */
#include <strings.h>

#include "common.h"

static void expect(const char *name, rd_kafka_consumer_group_state_t code) {
        rd_kafka_consumer_group_state_t got =
            rd_kafka_consumer_group_state_code(name);
        const char *back = rd_kafka_consumer_group_state_name(code);
        if (got != code)
                FAIL("state \"%s\": code %d, want %d", name, (int)got,
                     (int)code);
        if (!back || strcasecmp(back, name))
                FAIL("state %d: name \"%s\", want \"%s\"", (int)code,
                     back ? back : "(null)", name);
        printf("%-20s -> %d\n", name, (int)code);
}

int main(void) {
        expect("Unknown", RD_KAFKA_CONSUMER_GROUP_STATE_UNKNOWN);
        expect("PreparingRebalance",
               RD_KAFKA_CONSUMER_GROUP_STATE_PREPARING_REBALANCE);
        expect("CompletingRebalance",
               RD_KAFKA_CONSUMER_GROUP_STATE_COMPLETING_REBALANCE);
        expect("Stable", RD_KAFKA_CONSUMER_GROUP_STATE_STABLE);
        expect("Dead", RD_KAFKA_CONSUMER_GROUP_STATE_DEAD);
        expect("Empty", RD_KAFKA_CONSUMER_GROUP_STATE_EMPTY);
        expect("Assigning", RD_KAFKA_CONSUMER_GROUP_STATE_ASSIGNING);
        expect("Reconciling", RD_KAFKA_CONSUMER_GROUP_STATE_RECONCILING);
        printf("PASS check_group_states\n");
        return 0;
}
