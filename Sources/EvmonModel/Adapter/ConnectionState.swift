/// Where an adapter's connection to its broker stands; shown in the status bar.
public enum ConnectionState: Sendable, Equatable {
    case connecting
    case connected
    /// Lost; the next attempt is due at `retryAt` (epoch ms).
    case reconnecting(retryAt: Int64, reason: String)
    /// Given up, with the reason (wrong credentials, protocol error).
    case failed(reason: String)
}
