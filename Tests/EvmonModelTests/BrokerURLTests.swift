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
        #expect(tls == TLSOptions())
        #expect(sasl == "scram-sha-512")
        #expect(url.description == "kafka://a:9092,b:19092,[::1]:9093?tls=true&sasl=scram-sha-512")
        #expect(try BrokerURL(parsing: "kafka://localhost").description == "kafka://localhost:9092")
    }

    @Test func redisUserHostAndDatabase() throws {
        #expect(try BrokerURL(parsing: "redis://ops@127.0.0.1:6380/2") == .redis(
            user: "ops", host: .init(host: "127.0.0.1", port: 6380), database: 2, tls: nil))
        #expect(try BrokerURL(parsing: "redis://127.0.0.1").description == "redis://127.0.0.1:6379")
    }

    @Test func nats() throws {
        #expect(try BrokerURL(parsing: "nats://127.0.0.1:4333").description == "nats://127.0.0.1:4333")
    }

    @Test func tlsOptionsFromEachScheme() throws {
        let mutual = TLSOptions(caFile: "/c/ca.pem", certificateFile: "/c/me.pem", keyFile: "/c/me.key")
        #expect(try BrokerURL(parsing: "kafka://b:9093?tls=true&ca=/c/ca.pem&cert=/c/me.pem&key=/c/me.key&sasl=plain").tls == mutual)
        // Files only make sense with TLS, so they ask for it.
        #expect(try BrokerURL(parsing: "kafka://b:9093?ca=/c/ca.pem").tls == TLSOptions(caFile: "/c/ca.pem"))
        #expect(try BrokerURL(parsing: "kafka://b:9093?tls=false").tls == nil)
        #expect(try BrokerURL(parsing: "rediss://ops@r:6380/1?ca=/c/ca.pem") == .redis(
            user: "ops", host: .init(host: "r", port: 6380), database: 1, tls: TLSOptions(caFile: "/c/ca.pem")))
        #expect(try BrokerURL(parsing: "rediss://r").description == "rediss://r:6379")
        #expect(try BrokerURL(parsing: "tls://n:4443").tls == TLSOptions())
        #expect(try BrokerURL(parsing: "nats://n:4443?tls=true&ca=/c/ca.pem") == .nats(host: .init(host: "n", port: 4443), tls: TLSOptions(caFile: "/c/ca.pem")))
        #expect(try BrokerURL(parsing: "nats://n:4443?tls=true").description == "tls://n:4443")
        // The description is a URL that parses back to the same thing.
        for text in ["kafka://b:9093?tls=true&ca=/c/ca.pem&cert=/c/me.pem&key=/c/me.key&sasl=oauthbearer", "rediss://u@r:1/2?ca=/x", "tls://n:1?ca=/x"] {
            let url = try BrokerURL(parsing: text)
            #expect(try BrokerURL(parsing: url.description) == url)
        }
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
        ("kafka://h:1?tsl=true", "unknown option 'tsl'"),
        ("kafka://h:1?tls=yes", "tls must be true or false"),
        ("kafka://h:1?tls=false&ca=/x", "need TLS"),
        ("kafka://h:1?tls=true&cert=/x", "cert= needs key="),
        ("kafka://h:1?tls=true&key=/x", "key= needs cert="),
        ("kafka://h:1?tls=true&ca=", "ca= names no file"),
        ("redis://h:1?ca=/x", "TLS is rediss://"),
        ("redis://u:pw@h:1", "EVMON_REDIS_PASSWORD, not in the URL"),
        ("nats://h:1?insecure_skip_verify=true", "unknown option 'insecure_skip_verify'"),
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
