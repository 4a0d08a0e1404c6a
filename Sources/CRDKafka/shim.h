#ifndef KAFKA_PULSE_CRDKAFKA_SHIM_H
#define KAFKA_PULSE_CRDKAFKA_SHIM_H
// librdkafka's public API, plus the mock cluster used by the demo and the fault-injection tests.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#endif
