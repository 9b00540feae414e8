import Testing
import EvmonModel

@Suite struct BrokerURLTests {
    @Test func demoWithDefaultsAndOptions() throws {
        #expect(try BrokerURL(parsing: "demo://") == .demo(.init()))
        #expect(try BrokerURL(parsing: "demo://?seed=7&rate=250") == .demo(.init(seed: 7, rate: 250)))
        #expect(try BrokerURL(parsing: "demo://?seed=7&rate=0.5&start=1764115200000").description == "demo://?seed=7&rate=0.5&start=1764115200000")
    }

    @Test func kafkaBootstrapListsAndOptions() throws {
        let url = try BrokerURL(parsing: "kafka://a:9092,b:19092,[::1]:9093?tls=true&sasl=scram-sha-512")
        guard case .kafka(let hosts, let tls, let sasl) = url else { Issue.record("not kafka: \(url)"); return }
        #expect(hosts.map(\.description) == ["a:9092", "b:19092", "[::1]:9093"])
        #expect(tls)
        #expect(sasl == "scram-sha-512")
        #expect(url.description == "kafka://a:9092,b:19092,[::1]:9093?tls=true&sasl=scram-sha-512")
        #expect(try BrokerURL(parsing: "kafka://localhost").description == "kafka://localhost:9092")
    }

    @Test func redisUserHostAndDatabase() throws {
        #expect(try BrokerURL(parsing: "redis://ops@127.0.0.1:6380/2") == .redis(
            user: "ops", host: .init(host: "127.0.0.1", port: 6380), database: 2))
        #expect(try BrokerURL(parsing: "redis://127.0.0.1").description == "redis://127.0.0.1:6379")
    }

    @Test func nats() throws {
        #expect(try BrokerURL(parsing: "nats://127.0.0.1:4333").description == "nats://127.0.0.1:4333")
    }

    @Test(arguments: [
        ("kafak://x:1", "unknown broker URL scheme 'kafak://'"),
        ("localhost:9092", "has no scheme"),
        ("kafka://", "names no host"),
        ("kafka://host:99999", "bad port"),
        ("kafka://host:x", "bad port"),
        ("kafka://h:1?sasl=gssapi", "sasl must be"),
        ("demo://?rate=0", "rate must be"),
        ("demo://?seed=-1", "seed must be"),
        ("demo://?colour=blue", "unknown option 'colour'"),
        ("redis://h:1/x", "database must be a number"),
    ])
    func rejectsBadURLsWithAClearUsageError(text: String, fragment: String) {
        #expect {
            try BrokerURL(parsing: text)
        } throws: { error in
            guard let error = error as? EvmonError, case .usage(let message) = error else { return false }
            return message.contains(fragment)
        }
    }
}

@Suite struct BrokerURLEdgeTests {
    @Test func aQueryPartWithoutANameIsAUsageError() {
        for url in ["kafka://h:9092?=", "kafka://h:9092?=x", "demo://?&=1", "nats://h?="] {
            #expect(throws: EvmonError.self) { try BrokerURL(parsing: url) }
        }
        #expect(throws: Never.self) { try BrokerURL(parsing: "kafka://h:9092?&tls=false&") }
    }

    /// Found by fuzzing: a host with `]` described itself as a URL that read back differently.
    @Test func hostsHoldOnlyNameOrAddressCharacters() throws {
        for url in ["kafka://10.0\u{d2}.0].:0.2:902", "kafka://a]b:9092", "redis://h/st:1", "nats://a b:4222", "kafka://[fe80::1]x]:9092", "kafka://[%]:2", "kafka://[abc]:2"] {
            #expect(throws: EvmonError.self, "\(url)") { try BrokerURL(parsing: url) }
        }
        #expect(try BrokerURL(parsing: "kafka://[fe80::1%eth0]:9092").description == "kafka://[fe80::1%eth0]:9092")
        #expect(try BrokerURL(parsing: "kafka://kafka-1.internal_x:9092").description == "kafka://kafka-1.internal_x:9092")
    }

    @Test func clustersAreTheSameWhenTheyShareAServer() throws {
        func url(_ text: String) throws -> BrokerURL { try BrokerURL(parsing: text) }
        #expect(try url("kafka://k1:9092,k2:9092").sharesCluster(with: url("kafka://K2:9092")))
        #expect(try !url("kafka://k1:9092").sharesCluster(with: url("kafka://k1:9093")))
        #expect(try url("redis://localhost:6379/2").sharesCluster(with: url("redis://app@127.0.0.1:6379")))
        #expect(try url("nats://n:4222").sharesCluster(with: url("nats://n")))
        #expect(try !url("nats://n:4222").sharesCluster(with: url("redis://n:4222")))
        #expect(try url("demo://?seed=3").sharesCluster(with: url("demo://")))
    }
}
