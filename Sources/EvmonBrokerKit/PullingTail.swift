import EvmonModel

extension AsyncThrowingStream where Element == TailEvent, Failure == any Error {
    /// A tail read one step at a time, when the reader asks for it, so a slow reader slows the
    /// reading (nothing piles up). Cancellation ends it quietly; `EvmonError`s pass through, and
    /// anything else becomes one through `evmonError`.
    public static func pulling(
        _ next: @escaping @Sendable () async throws -> TailEvent?, evmonError: @escaping @Sendable (any Error) async -> EvmonError
    ) -> Self {
        AsyncThrowingStream {
            do {
                return try await next()
            } catch let error as EvmonError {
                throw error
            } catch is CancellationError {
                return nil
            } catch {
                throw await evmonError(error)
            }
        }
    }
}
