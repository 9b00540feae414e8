import EvmonConfig
import EvmonModel
import EvmonRegistry
import EvmonSchemas
import Foundation

/// Where a run's keys and values find their schemas: a schema registry (`schema_registry=` on
/// the broker URL, or the profile's `schema_registry:`), and the config file's `schemas:`
/// files by topic. Without either, records pass through undecoded, at no cost.
struct SchemaSettings {
    var registry: RegistryEndpoint?
    /// Local schema files by topic.
    var files: [String: String] = [:]

    init() {}

    /// The settings for the broker chosen as `GlobalOptions` chooses it: `--broker`, `--profile`,
    /// `EVMON_BROKER`, the default profile.
    init(brokerText: String?, profile: String?, configuration: Configuration, environment: [String: String]) throws(EvmonError) {
        files = configuration.schemaFiles
        var urlText: String?
        var profileName: String?
        if let brokerText {
            urlText = brokerText
        } else if let profile {
            profileName = profile
        } else if let fromEnvironment = environment["EVMON_BROKER"], !fromEnvironment.isEmpty {
            urlText = fromEnvironment
        } else {
            profileName = configuration.defaultProfile
        }
        let chosen = profileName.flatMap { configuration.profiles[$0] }
        if let chosen { urlText = chosen.broker }
        if let setting = chosen?.schemaRegistry {
            registry = try RegistryEndpoint(
                parsing: setting.url, source: "profile '\(profileName ?? "")'", environment: environment,
                tlsFiles: setting.caFile.map { TLSOptions(caFile: $0) })
        } else if let urlText, let text = Self.registryParameter(in: urlText) {
            registry = try RegistryEndpoint(parsing: text, source: "broker URL '\(urlText)'", environment: environment)
        }
    }

    /// The value of `schema_registry=` in a broker URL's query (the URL's own parser accepts
    /// the name and leaves the value to this).
    static func registryParameter(in url: String) -> String? {
        guard !url.lowercased().hasPrefix("file:"), let mark = url.firstIndex(of: "?") else { return nil }
        for pair in url[url.index(after: mark)...].split(separator: "&") where pair.hasPrefix("schema_registry=") {
            return String(pair.dropFirst("schema_registry=".count))
        }
        return nil
    }

    /// `adapter`, decoding through these schemas, or the demo broker's own registry (its Avro
    /// topic); `adapter` itself when no schema applies.
    func decoding(_ adapter: any BrokerAdapter) throws(EvmonError) -> any BrokerAdapter {
        let source: (any SchemaSource)? = registry.map { ConfluentRegistry($0) } ?? (adapter as? any EmbeddedSchemaRegistry)?.schemaSource
        guard source != nil || !files.isEmpty else { return adapter }
        var local: [String: ResolvedSchema] = [:]
        for (topic, file) in files { local[topic] = try LocalSchemaFile.load(file, topic: topic) }
        let catalog = source.map { SchemaCatalog(source: $0) }
        return SchemaDecodingAdapter(adapter, plan: SchemaPlan(usesRegistry: catalog != nil, localSchemas: local), catalog: catalog)
    }
}
