import EvmonBrokerKit

extension NATSTailCursor {
    /// Reports the loss once, waits the backoff, reconnects and recreates every consumer after
    /// its last delivered sequence.
    func recover() async throws {
        guard let reason = lostReason else { return }
        guard let delay = pendingDelay else {
            for index in streams.indices { flush(index) }
            perform(reconnect.connectionLost(reason: reason, now: broker.clock.now()))
            return
        }
        pendingDelay = nil
        try await Task.sleep(for: .milliseconds(delay))
        let requester: NATSRequester
        do {
            requester = try await broker.client.requester()
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            perform(reconnect.connectionLost(reason: error.description, now: broker.clock.now()))
            return
        }
        connection = requester.connection
        watch(requester.connection)
        lostReason = nil
        do {
            for index in streams.indices where !streams[index].failed {
                streams[index].sid = nil
                if let name = streams[index].consumer { broker.liveConsumers.withLock { _ = $0.removeValue(forKey: name) } }
                streams[index].consumer = nil
                try await createConsumer(index, requester)
            }
        } catch let error as NATSConnectionError where error.isConnectionLoss {
            lostReason = error.description
            perform(reconnect.connectionLost(reason: error.description, now: broker.clock.now()))
            return
        }
        perform(reconnect.requestSucceeded())
    }

    func perform(_ actions: [ReconnectStateMachine.Action]) {
        for action in actions {
            switch action {
            case .report(let state):
                ready.append(.connection(state))
                broker.report(state)
            case .wait(let milliseconds):
                pendingDelay = milliseconds
            }
        }
    }
}
