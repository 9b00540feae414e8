import ArgumentParser
import EvmonConfig
import Foundation
import EvmonModel
import EvmonDeadLetters
import EvmonBrokers

/// Flags every command takes (docs/CLI.md).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Broker URL: demo://, kafka://host:port, redis[s]://host:port, nats://host:port, tls://host:port.")
    var broker: String?

    @Option(name: .long, help: "A profile of the config file: its broker, TLS and SASL settings.")
    var profile: String?

    @Flag(name: .long, help: "Refuse every write (replays, re-produces).")
    var readOnly = false

    @Option(name: .long, help: "Write replays and re-produces to this broker, not the one read (a file:// capture is read-only).")
    var toBroker: String?

    /// The broker to use, and whether writes are refused, by docs/CLI.md's order:
    /// `--broker`, `--profile`, `EVMON_BROKER`, the config file's default profile, `demo://`. The config
    /// file is read in every case: its dead-letter patterns apply whichever broker is used, and
    /// a profile's `read_only: true` applies to its cluster however that cluster is named.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(EvmonError) -> ResolvedBroker {
        var reading = try resolveReading(environment: environment)
        if let toBroker {
            // The writer is resolved as --broker would be: its own read_only profile applies.
            let writing: GlobalOptions
            do {
                writing = try GlobalOptions.parse(["--broker", toBroker] + (readOnly ? ["--read-only"] : []))
            } catch {
                throw .usage("--to-broker \(toBroker): \(GlobalOptions.message(for: error))")
            }
            let writer = try writing.resolveReading(environment: environment)
            if case .file = writer.url { throw .usage("--to-broker \(toBroker): a capture cannot be written to; name a live broker") }
            reading.writeURL = writer.url
            reading.writeSecrets = writer.secrets
            reading.readOnlyReason = writer.readOnlyReason
        } else if case .file = reading.url, reading.readOnlyReason == nil {
            reading.readOnlyReason = "\(reading.url) is a capture, read-only by nature; --to-broker URL names a live broker to write to"
        }
        return reading
    }

    /// The broker read, by the order above, with the schemas its values are read with.
    private func resolveReading(environment: [String: String]) throws(EvmonError) -> ResolvedBroker {
        let configuration = try Configuration.load(path: Configuration.path(environment: environment))
        var reading = try resolveBroker(configuration, environment: environment)
        reading.schemas = try SchemaSettings(
            brokerText: broker, profile: profile, configuration: configuration, environment: environment)
        return reading
    }

    private func resolveBroker(_ configuration: Configuration, environment: [String: String]) throws(EvmonError) -> ResolvedBroker {
        let flagReason = readOnly ? "--read-only" : nil
        func resolved(_ url: BrokerURL, reason: String? = nil) -> ResolvedBroker {
            ResolvedBroker(url: url, readOnlyReason: flagReason ?? reason, deadLetters: configuration.deadLetters, secrets: BrokerSecrets(environment: environment))
        }
        // A profile's own URL, with its TLS and SASL settings and secrets.
        func resolved(profile name: String, namedBy source: String) throws(EvmonError) -> ResolvedBroker {
            guard let profile = configuration.profiles[name] else {
                let known = configuration.profiles.keys.sorted()
                throw .usage("\(source): no profile '\(name)' in \(Configuration.path(environment: environment))"
                    + (known.isEmpty ? " (it has no profiles)" : " (it has \(known.joined(separator: ", ")))"))
            }
            let url = try ProfileConnection.url(of: profile, name: name, parsed: try Self.parse(profile.broker, namedBy: "profile '\(name)' of \(Configuration.path(environment: environment))"))
            return ResolvedBroker(
                url: url, readOnlyReason: flagReason ?? (profile.readOnly ? "profile '\(name)' has read_only: true" : nil),
                deadLetters: configuration.deadLetters, secrets: ProfileConnection.secrets(of: profile, environment: environment))
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
        if broker != nil, profile != nil { throw .usage("--broker and --profile both name a broker; give one") }
        if let broker { return try resolved(try BrokerURL(parsing: broker), namedBy: "--broker") }
        if let profile { return try resolved(profile: profile, namedBy: "--profile") }
        if let fromEnvironment = environment["EVMON_BROKER"], !fromEnvironment.isEmpty {
            let url = try Self.parse(fromEnvironment, namedBy: "EVMON_BROKER (set in the environment)")
            return try resolved(url, namedBy: "EVMON_BROKER")
        }
        if let name = configuration.defaultProfile { return try resolved(profile: name, namedBy: "the default profile") }
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
    var readOnlyReason: String?
    /// Where writes go when not to `url` (`--to-broker`), with its secrets.
    var writeURL: BrokerURL?
    var writeSecrets = BrokerSecrets(environment: [:])
    /// Dead-letter names: built-in plus the config file's patterns.
    let deadLetters: DeadLetterRecognizer
    /// The environment, and a profile's credentials and token command.
    var secrets = BrokerSecrets(environment: [:])
    /// Where keys and values find their schemas (a registry, local files), if anywhere.
    var schemas = SchemaSettings()

    var readOnly: Bool { readOnlyReason != nil }

    /// Opens the adapter, after saying on stderr what is unsafe about the connection, and what
    /// a capture could not read (`reportNotice`: the TUI shows it on its own screen instead).
    func open(reportNotice: Bool = true) throws(EvmonError) -> any BrokerAdapter {
        let adapter = try BrokerFactory.open(url, secrets: secrets)
        for warning in ConnectionWarnings.warnings(for: url, secrets: secrets) { StandardError.report("evmon: warning: " + warning) }
        if reportNotice, let capture = adapter as? FileBroker, let notice = capture.notice {
            StandardError.report("evmon: warning: " + notice)
        }
        return try schemas.decoding(adapter)
    }

    /// The adapter of `--to-broker`, where writes go instead of the broker read; `nil` without it.
    func openWriter() throws(EvmonError) -> (any BrokerAdapter)? {
        guard let writeURL else { return nil }
        let writer = try BrokerFactory.open(writeURL, secrets: writeSecrets)
        for warning in ConnectionWarnings.warnings(for: writeURL, secrets: writeSecrets) { StandardError.report("evmon: warning: " + warning) }
        return writer
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
