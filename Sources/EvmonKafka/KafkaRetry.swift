import KafkaWire
import EvmonModel

/// Retries with backoff for errors that fresh metadata or a fresh connection can fix.
enum KafkaRetry {
    /// A Kafka error code from a broker, with what was being done.
    struct BrokerError: Error, CustomStringConvertible {
        var code: Int16
        var context: String
        var description: String { "\(context): \(KafkaErrorCode.describe(code))" }
        var isRetriable: Bool { KafkaErrorCode.isRetriable(code) }
    }

    static func brokerError(_ code: Int16, _ context: String) -> BrokerError {
        BrokerError(code: code, context: context)
    }

    /// Whether `error` is worth another try after refreshing metadata.
    static func isRetriable(_ error: any Error) -> Bool {
        if let error = error as? BrokerError { return error.isRetriable }
        if let error = error as? KafkaConnectionError {
            switch error {
            // Safe for reads only: a write that may have reached the broker must not be resent.
            case .closed, .closedAwaitingResponse, .timedOut, .connectFailed: return true
            case .unsupportedApi, .authenticationFailed: return false
            }
        }
        return false
    }

    /// Whether a request that failed with `error` may still have reached the broker. Only errors
    /// known to come before the socket say no; socket errors, timeouts and unreadable answers all
    /// come after the request was handed over.
    static func mayHaveReachedBroker(_ error: any Error) -> Bool {
        guard let error = error as? KafkaConnectionError else { return true }
        return error.requestMayHaveReachedBroker
    }

    /// Runs `body` up to `attempts` times; between tries invalidates the cluster's metadata and
    /// waits 100 ms, 200 ms, 400 ms… Non-retriable errors and the last failure become `EvmonError`s.
    /// `EvmonError`s pass through untried: a write turns a failure that may have reached the
    /// broker into `outcomeUnknown` so that it is never sent twice.
    @discardableResult
    static func run<T: Sendable>(
        _ cluster: KafkaCluster, attempts: Int = 5, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        var delay: UInt64 = 100
        for attempt in 1...attempts {
            do {
                return try await body()
            } catch let error as EvmonError {
                throw error
            } catch {
                guard attempt < attempts, isRetriable(error) else { throw await evmonError(error, cluster) }
                await cluster.invalidateMetadata()
                try await Task.sleep(for: .milliseconds(delay))
                delay = min(delay * 2, 2000)
            }
        }
        preconditionFailure("unreachable: the last attempt returns or throws")
    }

    /// The one-line error people see.
    static func evmonError(_ error: any Error, _ cluster: KafkaCluster) async -> EvmonError {
        if let error = error as? EvmonError { return error }
        let url = cluster.displayURL
        if let error = error as? KafkaConnectionError {
            switch error {
            case .connectFailed(let reason): return .unreachable(url: url, reason: reason)
            case .authenticationFailed(let reason): return .authenticationFailed(url: url, reason: reason)
            default: return .broker(url: url, reason: error.description)
            }
        }
        return .broker(url: url, reason: String(describing: error))
    }
}
