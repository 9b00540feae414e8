import EvmonModel

/// The schemas of one run, by registry id: each id is asked of the registry once, parsed once,
/// and kept for the run. An unreachable registry leaves its ids raw with the reason, is said
/// once as a notice, and is asked again `retryInterval` later; an answer that will not change
/// (no such id, a schema evmon cannot parse) is kept as it is.
///
/// Bounded whatever a topic holds: binary values that merely start with a zero byte name
/// random ids, so at most `maximumIDs` ids are kept (later ones are not asked for), and while
/// the registry is failing, new ids fail at once instead of each waiting out its own timeout.
public actor SchemaCatalog {
    private let source: any SchemaSource
    private var known: [UInt32: SchemaLookup] = [:]
    /// Lookups that failed for a reason that may pass, and when to ask again.
    private var retryAt: [UInt32: ContinuousClock.Instant] = [:]
    /// Lookups under way: two batches naming one new id share one request.
    private var inFlight: [UInt32: Task<SchemaLookup, Never>] = [:]
    private var pendingNotices: [String] = []
    private let retryInterval: Duration
    /// Until when the registry counts as failing (new ids are not asked for before then);
    /// non-nil from a failure that may pass until an answer, so an outage is said once.
    private var outageUntil: ContinuousClock.Instant?
    /// Why it is failing, for the ids not asked meanwhile.
    private var outageReason = ""

    /// Distinct ids one run keeps (real registries have far fewer schemas per topic set).
    public static let maximumIDs = 4_096

    public init(source: any SchemaSource, retryInterval: Duration = .seconds(30)) {
        self.source = source
        self.retryInterval = retryInterval
    }

    /// What each of `ids` resolves to, asking the registry for those not known yet (or due to be
    /// asked again).
    public func lookups(_ ids: Set<UInt32>) async -> [UInt32: SchemaLookup] {
        var result: [UInt32: SchemaLookup] = [:]
        for id in ids {
            if let lookup = known[id], (retryAt[id].map { ContinuousClock.now < $0 } ?? true) {
                result[id] = lookup
                continue
            }
            if known[id] == nil, inFlight[id] == nil {
                if known.count >= Self.maximumIDs {
                    result[id] = .failed(reason: "schema id \(id): not looked up (this run has seen \(Self.maximumIDs) schema ids already)", transient: false)
                    continue
                }
                if let outageUntil, ContinuousClock.now < outageUntil {
                    result[id] = .failed(reason: "schema id \(id): \(outageReason)", transient: true)
                    continue
                }
            }
            let task = inFlight[id] ?? Task { [source] in await Self.resolve(id, from: source) }
            inFlight[id] = task
            let lookup = await task.value
            inFlight[id] = nil
            result[id] = lookup
            record(lookup, for: id)
        }
        return result
    }

    /// Notices not yet shown (the registry went away, or came back), oldest first.
    public func takeNotices() -> [String] {
        defer { pendingNotices.removeAll() }
        return pendingNotices
    }

    private func record(_ lookup: SchemaLookup, for id: UInt32) {
        switch lookup {
        case .resolved:
            known[id] = lookup
            retryAt[id] = nil
            if outageUntil != nil {
                outageUntil = nil
                pendingNotices.append("schema registry \(source.displayURL) answers again: new messages are decoded")
            }
        case .failed(let reason, let transient):
            known[id] = .failed(reason: reason, transient: transient)
            if transient {
                retryAt[id] = .now + retryInterval
                if outageUntil == nil {
                    pendingNotices.append("\(reason); values stay raw, asked again in \(retryInterval.components.seconds) s")
                }
                outageUntil = .now + retryInterval
                let prefix = "schema id \(id): "
                outageReason = reason.hasPrefix(prefix) ? String(reason.dropFirst(prefix.count)) : reason
            }
        }
    }

    /// One id: the schema, its references, parsed.
    private static func resolve(_ id: UInt32, from source: any SchemaSource) async -> SchemaLookup {
        do {
            let registered = try await source.schema(id: id)
            let filing = await source.filing(of: id)
            let label = SchemaLabel(id: id, kind: registered.kind, subject: filing?.subject, version: filing?.version)
            let compiled = try await RegistrySchemaCompiler.compile(registered, from: source)
            return .resolved(ResolvedSchema(label: label, compiled: compiled))
        } catch {
            return .failed(reason: "schema id \(id): \(error.reason)", transient: error.isTransient)
        }
    }
}
