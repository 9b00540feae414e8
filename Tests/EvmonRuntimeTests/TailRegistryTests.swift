@testable import EvmonRuntime
import Testing

@Suite struct TailRegistryTests {
    @Test func removingATopicCancelsEveryTailReadingItAndHandsBackTheirOtherTopics() {
        var registry = TailRegistry()
        let ordersAndPayments = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        let shipments = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        registry.add(topics: ["orders", "payments"], task: ordersAndPayments)
        registry.add(topics: ["shipments"], task: shipments)

        #expect(registry.remove(topics: ["orders"]) == [["payments"]])
        #expect(ordersAndPayments.isCancelled)
        #expect(!shipments.isCancelled)
        // Already gone: nothing more to cancel or restart.
        #expect(registry.remove(topics: ["orders"]) == [])

        registry.cancelAll()
        #expect(shipments.isCancelled)
    }

    @Test func aTailWhoseOnlyTopicIsRemovedLeavesNothingToRestart() {
        var registry = TailRegistry()
        let orders = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        registry.add(topics: ["orders"], task: orders)
        #expect(registry.remove(topics: ["orders", "unknown"]) == [])
        #expect(orders.isCancelled)
    }
}
