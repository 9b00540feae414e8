import Foundation
import EvmonModel
import EvmonKafka
import EvmonRedis
import EvmonNATS

/// Opens the adapter for a broker URL.
public enum BrokerFactory {
    /// The adapter for `url`, its secrets from `secrets` (the environment unless a profile adds some).
    public static func open(
        _ url: BrokerURL, secrets: BrokerSecrets = BrokerSecrets(environment: ProcessInfo.processInfo.environment),
        clock: any WallClock = SystemClock()
    ) throws(EvmonError) -> any BrokerAdapter {
        switch url {
        case .demo(let options):
            return DemoBroker(options: options, clock: clock)
        case .kafka(let hosts, let tls, let sasl):
            return try KafkaBroker(hosts: hosts, tls: tls, sasl: sasl, secrets: secrets, clock: clock)
        case .redis(let user, let host, let database, let tls):
            return try RedisBroker(user: user, host: host, database: database, tls: tls, secrets: secrets, clock: clock)
        case .nats(let host, let tls):
            return try NATSBroker(host: host, tls: tls, clock: clock, secrets: secrets)
        case .file(let path):
            return try FileBroker(path: path, clock: clock)
        }
    }
}
