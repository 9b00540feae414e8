import ArgumentParser
import EvmonConfig
import Foundation
import EvmonModel
import EvmonDeadLetters
import EvmonBrokers

/// Flags every command takes (docs/CLI.md).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Broker URL: demo://, kafka://host:port, redis://host:port, nats://host:port.")
    var broker: String?

    @Flag(name: .long, help: "Refuse every write (replays, re-produces).")
    var readOnly = false

    /// The broker to use, and whether writes are refused, by docs/CLI.md's order:
    /// `--broker`, `EVMON_BROKER`, the config file's default profile, `demo://`. The config
    /// file is read in every case: its dead-letter patterns apply whichever broker is used, and
    /// a profile's `read_only: true` applies to its cluster however that cluster is named.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EvmonError) -> ResolvedBroker {
        let configuration = try Configuration.load(path: Configuration.path(environment: environment))
        let flagReason = readOnly ? "--read-only" : nil
        func resolved(_ url: BrokerURL, reason: String? = nil) -> ResolvedBroker {
            ResolvedBroker(url: url, readOnlyReason: flagReason ?? reason, deadLetters: configuration.deadLetters)
        }
        // A URL named outside the profiles keeps the read_only of any profile on the same cluster.
        func resolved(_ url: BrokerURL, namedBy source: String) throws(EvmonError) -> ResolvedBroker {
            for name in configuration.profiles.keys.sorted() {
                let profile = configuration.profiles[name]!
                guard profile.readOnly, let profileURL = try? BrokerURL(parsing: profile.broker), profileURL.sharesCluster(with: url) else { continue }
                return resolved(url, reason: "profile '\(name)' has read_only: true for the cluster \(source) names")
            }
            return resolved(url)
        }
        if let broker { return try resolved(try BrokerURL(parsing: broker), namedBy: "--broker") }
        if let fromEnvironment = environment["EVMON_BROKER"], !fromEnvironment.isEmpty {
            let url = try Self.parse(fromEnvironment, namedBy: "EVMON_BROKER (set in the environment)")
            return try resolved(url, namedBy: "EVMON_BROKER")
        }
        if let name = configuration.defaultProfile, let profile = configuration.profiles[name] {
            let url = try Self.parse(profile.broker, namedBy: "the default profile '\(name)' of \(Configuration.path(environment: environment))")
            return resolved(url, reason: profile.readOnly ? "profile '\(name)' has read_only: true" : nil)
        }
        return resolved(.demo(.init()))
    }

    /// Parses a URL that came from somewhere other than the command line; a bad one says where
    /// it came from, since the person reading the error did not type it just now.
    private static func parse(_ text: String, namedBy source: String) throws(EvmonError) -> BrokerURL {
        do {
            return try BrokerURL(parsing: text)
        } catch {
            guard case .usage(let message) = error else { throw error }
            throw .usage("\(source): \(message)")
        }
    }
}

/// The broker a command talks to.
struct ResolvedBroker {
    let url: BrokerURL
    /// Why writes are refused, when they are.
    let readOnlyReason: String?
    /// Dead-letter names: built-in plus the config file's patterns.
    let deadLetters: DeadLetterRecognizer

    var readOnly: Bool { readOnlyReason != nil }

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
