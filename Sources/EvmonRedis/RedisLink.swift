/// The shared connection for one-off commands (topics, groups, dead letters, produce), opened on
/// first use and replaced after it fails. Tails open connections of their own, because a
/// blocking XREAD ties up its connection.
actor RedisLink {
    private let endpoint: RedisEndpoint
    private var connection: RedisConnection?
    private var opening: Task<RedisConnection, any Error>?
    private var isShutDown = false

    init(endpoint: RedisEndpoint) {
        self.endpoint = endpoint
    }

    /// The open connection, connecting (once, however many callers wait) when there is none.
    func current() async throws -> RedisConnection {
        if isShutDown { throw RedisConnectionError.closed }
        if let connection, connection.isActive { return connection }
        if let opening { return try await opening.value }
        let endpoint = self.endpoint
        let task = Task { try await RedisConnection.connect(endpoint) }
        opening = task
        defer { opening = nil }
        let opened = try await task.value
        if isShutDown {
            opened.close()
            throw RedisConnectionError.closed
        }
        connection = opened
        return opened
    }

    /// Drops `failed` so that the next call reconnects.
    func failed(_ failed: RedisConnection) {
        failed.close()
        if connection === failed { connection = nil }
    }

    func shutdown() {
        isShutDown = true
        connection?.close()
        connection = nil
        opening?.cancel()
    }
}
