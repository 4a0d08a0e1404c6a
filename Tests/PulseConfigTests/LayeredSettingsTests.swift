import PulseConfig
import Testing

@Suite("Flags > environment > file")
struct LayeredSettingsTests {
    let schema = TestSchema.schema

    @Test("each key comes from the strongest layer that sets it")
    func precedence() throws {
        let file = try TestSchema.read("sample.interval: 30s\ngroup.filter: file\nkafka.server: [f1:1, f2:2]\ndemo: true")
        let environment = try EnvironmentReader(schema: schema).settings(environment: [
            "KAFKA_PULSE_GROUP_FILTER": "env", "KAFKA_PULSE_SAMPLE_INTERVAL": "20s",
        ])
        let arguments = ["--sample.interval", "5s", "--kafka.server=c:3"]
        let layers = LayeredSettings(
            file: file, environment: environment, commandLineKeys: CommandLineKeys.given(in: arguments, schema: schema))
        // sample.interval and kafka.server are the command line's: the file's list is replaced, not extended.
        #expect(layers.tokens == ["--demo", "--group.filter=env"])
        #expect(layers.origins["group.filter"] == .environment(variable: "KAFKA_PULSE_GROUP_FILTER"))
        #expect(layers.origins["demo"] == .file(path: "test.yaml", line: 4))
    }

    @Test("--no-x on the command line overrides x from the file; -- ends the scan")
    func inversionAndTerminator() {
        #expect(CommandLineKeys.given(in: ["--no-group.partition-series"], schema: schema) == ["group.partition-series"])
        #expect(CommandLineKeys.given(in: ["--", "--demo"], schema: schema) == [])
        #expect(CommandLineKeys.given(in: ["--no-demo", "--nope"], schema: schema) == [])
    }

    @Test("environment names, flag values and one value per line for repeating keys")
    func environment() throws {
        let reader = EnvironmentReader(schema: schema)
        let settings = try reader.settings(environment: [
            "KAFKA_PULSE_KAFKA_SERVER": "a:1,b:2", "KAFKA_PULSE_KAFKA_PROPERTY": "a=1\nb=x,y\n",
            "KAFKA_PULSE_GROUP_PARTITION_SERIES": "0", "KAFKA_PULSE_WEB_LISTEN_ADDRESS": ":9999",
            "KAFKA_PULSE_IMAGE_TEST": "1",
        ])
        let tokens = LayeredSettings(file: [], environment: settings, commandLineKeys: []).tokens
        #expect(
            tokens == [
                "--no-group.partition-series", "--kafka.property=a=1", "--kafka.property=b=x,y", "--kafka.server=a:1,b:2",
                "--web.listen-address=:9999",
            ])
        #expect(ConfigKey(name: "sasl.password", kind: .option).environmentName == "KAFKA_PULSE_SASL_PASSWORD")
    }

    @Test("a flag variable that is not a boolean names the variable and the key")
    func badEnvironmentFlag() {
        #expect {
            try EnvironmentReader(schema: schema).settings(environment: ["KAFKA_PULSE_DEMO": "maybe"])
        } throws: { error in
            let message = (error as? ConfigError)?.message ?? ""
            return message.contains("KAFKA_PULSE_DEMO") && message.contains("demo")
        }
    }

    @Test("a variable one typo away from a key is an error; other prefixed variables are ignored")
    func misspelledVariable() throws {
        let reader = EnvironmentReader(schema: schema)
        #expect(reader.misspelled(in: ["KAFKA_PULSE_SAMPLE_INTERVALL": "1s"])?.message.contains("did you mean KAFKA_PULSE_SAMPLE_INTERVAL?") == true)
        #expect(reader.misspelled(in: ["KAFKA_PULSE_DEMOS": "1"])?.key == "demo")
        #expect(reader.misspelled(in: ["KAFKA_PULSE_IMAGE_TEST": "1", "KAFKA_PULSE_BIN": "/x", "OTHER_DEMO": "1"]) == nil)
        #expect(throws: ConfigError.self) { try reader.settings(environment: ["KAFKA_PULSE_GROUP_FILTR": "x"]) }
    }

    @Test("a validation message is pointed at the line or variable its flag came from")
    func annotate() throws {
        let file = try TestSchema.read("group.filter: x\nsample.interval: 0s")
        let layers = LayeredSettings(file: file, environment: [], commandLineKeys: [])
        #expect(
            layers.annotate("--sample.interval 0s: must be at least 100ms")
                == "--sample.interval 0s: must be at least 100ms (sample.interval from config file test.yaml line 2)")
        #expect(layers.annotate("--sample.intervals: nothing") == "--sample.intervals: nothing")
        #expect(layers.annotate("no flag named") == "no flag named")
    }
}
