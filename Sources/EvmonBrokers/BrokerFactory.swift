import EvmonModel
import EvmonKafka
import EvmonRedis
import EvmonNATS

/// Opens the adapter for a broker URL.
public enum BrokerFactory {
    /// The adapter for `url`.
    public static func open(_ url: BrokerURL, clock: any WallClock = SystemClock()) throws(EvmonError) -> any BrokerAdapter {
        switch url {
        case .demo(let options):
            return DemoBroker(options: options, clock: clock)
        case .kafka(let hosts, let tls, let sasl):
            return try KafkaBroker(hosts: hosts, tls: tls, sasl: sasl, clock: clock)
        case .redis(let user, let host, let database):
            return try RedisBroker(user: user, host: host, database: database, clock: clock)
        case .nats(let host):
            return try NATSBroker(host: host, clock: clock)
        }
    }
}
