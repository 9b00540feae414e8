import ArgumentParser
import EvmonBrokers
import EvmonConfig
import EvmonCore
import Foundation

/// Flags every command takes (CLI.md).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Broker URL: demo://, kafka://host:port, redis://host:port, nats://host:port.")
    var broker: String?

    @Flag(name: .long, help: "Refuse every write (replays, re-produces).")
    var readOnly = false

    /// The broker to use, and whether writes are refused, by CLI.md's order:
    /// `--broker`, `EVMON_BROKER`, the config file's default profile, `demo://`.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EvmonError) -> ResolvedBroker {
        if let broker { return ResolvedBroker(url: try BrokerURL(parsing: broker), readOnly: readOnly) }
        if let fromEnvironment = environment["EVMON_BROKER"], !fromEnvironment.isEmpty {
            return ResolvedBroker(url: try BrokerURL(parsing: fromEnvironment), readOnly: readOnly)
        }
        let configuration = try Configuration.load(path: Configuration.path(environment: environment))
        if let name = configuration.defaultProfile, let profile = configuration.profiles[name] {
            return ResolvedBroker(url: try BrokerURL(parsing: profile.broker), readOnly: readOnly || profile.readOnly)
        }
        return ResolvedBroker(url: .demo(.init()), readOnly: readOnly)
    }
}

/// The broker a command talks to.
struct ResolvedBroker {
    let url: BrokerURL
    let readOnly: Bool

    func open() throws(EvmonError) -> any BrokerAdapter {
        try BrokerFactory.open(url)
    }
}

/// Runs a broker call, turning anything that is neither an `EvmonError` nor a closed output into
/// a broker error (exit 3) that names the URL.
func brokerCall<T>(_ adapter: any BrokerAdapter, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as EvmonError {
        throw error
    } catch let error as OutputClosed {
        throw error
    } catch {
        throw EvmonError.broker(url: adapter.displayURL, reason: String(describing: error))
    }
}
