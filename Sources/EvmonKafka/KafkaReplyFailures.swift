import EvmonBrokerKit

extension OrderedReplyHandler.Failures {
    /// Kafka answers in request order (the correlation id is checked when the response is
    /// decoded). A request refused on a closed connection is `.closed` (never sent, safe to
    /// resend even for Produce); one handed on is `.closedAwaitingResponse`, or the error the
    /// pipeline caught: it may have been stored.
    static let kafka = OrderedReplyHandler.Failures(
        notSent: KafkaConnectionError.closed, closedAwaitingReply: KafkaConnectionError.closedAwaitingResponse,
        unsolicited: KafkaConnectionError.closedAwaitingResponse, caught: { $0 })
}
