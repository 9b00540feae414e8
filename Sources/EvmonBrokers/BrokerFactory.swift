import EvmonCore

/// Opens the adapter for a broker URL.
public enum BrokerFactory {
    /// The adapter for `url`; brokers whose adapters have not landed yet are a clear usage error.
    public static func open(_ url: BrokerURL, clock: any WallClock = SystemClock()) throws(EvmonError) -> any BrokerAdapter {
        switch url {
        case .demo(let options):
            return DemoBroker(options: options, clock: clock)
        case .kafka(let hosts, let tls, let sasl):
            return try KafkaBroker(hosts: hosts, tls: tls, sasl: sasl, clock: clock)
        case .nats(let host):
            return try NATSBroker(host: host, clock: clock)
        case .redis:
            throw .usage("\(url): this build of evmon speaks demo:// and kafka:// so far; Redis and NATS adapters are on the way")
        }
    }
}
