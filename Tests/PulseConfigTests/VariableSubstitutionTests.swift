import PulseConfig
import Testing

@Suite("Config file: ${VAR} substitution")
struct VariableSubstitutionTests {
    @Test("${VAR} is replaced from the environment, ${VAR:-default} falls back, $$ is a dollar")
    func substitution() throws {
        let environment = ["PASS": "s3cret", "HOST": "kafka"]
        #expect(try TestSchema.tokens("sasl.password: ${PASS}", environment: environment) == ["--sasl.password=s3cret"])
        #expect(try TestSchema.tokens("kafka.server: ${HOST}:9092", environment: environment) == ["--kafka.server=kafka:9092"])
        #expect(try TestSchema.tokens("group.filter: ${NOPE:-^a}", environment: environment) == ["--group.filter=^a"])
        #expect(try TestSchema.tokens("group.filter: a$$b$", environment: environment) == ["--group.filter=a$b$"])
        #expect(try TestSchema.tokens("librdkafka: {sasl.password: '${PASS}'}", environment: environment) == ["--kafka.property=sasl.password=s3cret"])
        #expect(try TestSchema.tokens("demo: ${DEMO}", environment: ["DEMO": "true"]) == ["--demo"])
        #expect(try TestSchema.tokens("group.partition-series: 'false'") == ["--no-group.partition-series"])
    }

    @Test("an undefined variable names itself, the key and the line")
    func undefined() throws {
        let error = try #require(TestSchema.error("demo: true\nsasl.password: ${KP_UNSET_PASSWORD}"))
        #expect(error.code == .undefinedVariable)
        #expect(error.key == "sasl.password")
        #expect(error.message.contains("line 2"))
        #expect(error.message.contains("KP_UNSET_PASSWORD"))
    }

    @Test("a malformed reference is an error, not a literal")
    func malformed() throws {
        #expect(TestSchema.error("group.filter: ${A")?.code == .invalidSubstitution)
        #expect(TestSchema.error("group.filter: ${1A}")?.code == .invalidSubstitution)
        #expect(TestSchema.error("group.filter: ${}")?.code == .invalidSubstitution)
    }
}
