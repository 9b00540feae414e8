import Foundation
import KafkaWire
import NIOCore
@testable import EvmonKafka

/// A cluster of fake brokers answering with canned responses, for routing tests.
///
/// Each partition holds `count` records with values "p<partition>-<offset>"; `leaders` says who
/// leads what; `moveLeader` plays a leader change that metadata learns of late. Produce follows
/// `scriptProduces` (then stores and answers), and `failConnects` refuses connections.
final class FakeKafkaCluster: KafkaConnector, @unchecked Sendable {
    private let lock = NSLock()
    let ports: [Int: Int32]  // port → node id
    private var leaders: [Int: Int32]
    private let count: Int64
    /// Leader moves the metadata learns of only after the old leader answered NOT_LEADER_OR_FOLLOWER.
    private var pendingMoves: [Int: (to: Int32, from: Int32)] = [:]
    private var corruptPartitions: Set<Int> = []
    private var log: [(node: Int32, api: String)] = []
    private var produceScript: [ProduceStep] = []
    private var storedMessages: [Int: Int64] = [:]
    private var connectFailures: [Int32: Int] = [:]
    private var connectionsOpened = 0
    private var connectionLog: [(api: String, connection: Int)] = []
    private var closedConnections: Set<Int> = []
    /// How far ListOffsets' latest answer trails the true end (Tansu's does after multi-record
    /// batches; Fetch answers carry the true high watermark).
    private var listedEndLag: Int64 = 0

    /// What a broker does with a Produce.
    enum ProduceStep {
        /// Stores the message and answers with its offset.
        case store
        /// Answers with an error code and stores nothing.
        case answer(errorCode: Int16)
        /// The request never leaves evmon (the connection was closed before the write).
        case failBeforeSending(KafkaConnectionError)
        /// The broker stores the message, then evmon sees `error` instead of the answer.
        case failAfterSending(any Error)
    }

    init(nodes: [Int32], leaders: [Int: Int32], count: Int64) {
        ports = Dictionary(uniqueKeysWithValues: nodes.map { (9000 + Int($0), $0) })
        self.leaders = leaders
        self.count = count
    }

    func moveLeader(of partition: Int, to node: Int32, answeringNotLeaderFrom oldNode: Int32) {
        lock.withLock { pendingMoves[partition] = (node, oldNode) }
    }

    func corrupt(partition: Int) { lock.withLock { _ = corruptPartitions.insert(partition) } }

    /// ListOffsets answers `lag` short of the end from now on.
    func listEndsShort(by lag: Int64) { lock.withLock { listedEndLag = lag } }

    /// The next Produces to a leader go as `steps` say, one step each; later ones are stored.
    func scriptProduces(_ steps: [ProduceStep]) { lock.withLock { produceScript = steps } }

    /// The next `count` connections to `node` are refused.
    func failConnects(to node: Int32, count: Int) { lock.withLock { connectFailures[node] = count } }

    /// How many produced messages `partition` holds.
    func stored(partition: Int) -> Int64 { lock.withLock { storedMessages[partition] ?? 0 } }

    /// (node, API) of every request that reached a broker, in order.
    var requests: [(node: Int32, api: String)] { lock.withLock { log } }

    /// (API, connection number) of every request, in order; connections are numbered from 1.
    var requestConnections: [(api: String, connection: Int)] { lock.withLock { connectionLog } }

    /// The connections evmon has closed.
    var closed: Set<Int> { lock.withLock { closedConnections } }

    func connect(host: String, port: Int) async throws -> any KafkaBrokerConnection {
        guard let node = ports[port] else { throw KafkaConnectionError.connectFailed("connection refused") }
        try lock.withLock {
            guard let failures = connectFailures[node], failures > 0 else { return }
            connectFailures[node] = failures - 1
            throw KafkaConnectionError.connectFailed("connection refused")
        }
        let number = lock.withLock {
            connectionsOpened += 1
            return connectionsOpened
        }
        return Connection(cluster: self, node: node, number: number)
    }

    struct Connection: KafkaBrokerConnection {
        let cluster: FakeKafkaCluster
        let node: Int32
        let number: Int

        func send<Request: KafkaRequest, Response: KafkaResponse>(_ request: Request, as: Response.Type) async throws -> Response {
            cluster.lock.withLock { cluster.connectionLog.append((String(describing: Request.self), number)) }
            return try cluster.answer(request, node: node) as! Response
        }

        func close() { _ = cluster.lock.withLock { cluster.closedConnections.insert(number) } }
    }

    private func answer(_ request: any KafkaRequest, node: Int32) throws -> any KafkaResponse {
        try lock.withLock {
            if let produce = request as? ProduceRequest { return try answer(produce, node: node) }
            log.append((node, String(describing: type(of: request))))
            switch request {
            case let metadata as MetadataRequest:
                let brokers = ports.map { MetadataResponse.Broker(nodeID: $0.value, host: "fake", port: Int32($0.key)) }
                let topics = (metadata.topics ?? ["orders"]).filter { $0 == "orders" }.map { name in
                    MetadataResponse.Topic(name: name, partitions: leaders.keys.sorted().map {
                        .init(index: Int32($0), leaderID: leaders[$0]!)
                    })
                }
                return MetadataResponse(brokers: brokers, topics: topics)
            case let list as ListOffsetsRequest:
                return ListOffsetsResponse(partitions: list.partitions.map { item in
                    let leads = leaders[Int(item.partition)] == node
                    return .init(
                        topic: item.topic, partition: item.partition,
                        errorCode: leads ? 0 : KafkaErrorCode.notLeaderOrFollower.rawValue,
                        offset: item.timestamp == ListOffsetsRequest.earliest ? 0 : count - listedEndLag)
                })
            case let fetch as FetchRequest:
                return FetchResponse(partitions: fetch.partitions.map { item in
                    let partition = Int(item.partition)
                    if let move = pendingMoves[partition], move.from == node {
                        pendingMoves[partition] = nil
                        leaders[partition] = move.to
                    }
                    guard leaders[partition] == node else {
                        return .init(topic: item.topic, partition: item.partition, errorCode: KafkaErrorCode.notLeaderOrFollower.rawValue, highWatermark: -1, records: ByteBuffer())
                    }
                    let entries = (item.offset..<count).map { RecordBatchEncoder.Entry(key: nil, value: Array("p\(partition)-\($0)".utf8)) }
                    var batch = entries.isEmpty ? ByteBuffer() : RecordBatchEncoder.encode(entries, baseOffset: item.offset, baseTimestamp: 1000)
                    if corruptPartitions.contains(partition), batch.readableBytes > 0 {
                        batch.setInteger(batch.getInteger(at: batch.writerIndex - 1, as: UInt8.self)! ^ 0xff, at: batch.writerIndex - 1)
                    }
                    return .init(topic: item.topic, partition: item.partition, highWatermark: count, records: batch)
                })
            case is ListGroupsRequest:
                // Node 2 coordinates "billing", which committed on partition 0 only.
                return ListGroupsResponse(groups: node == 2 ? [.init(groupID: "billing", protocolType: "consumer")] : [])
            case let find as FindCoordinatorRequest:
                return FindCoordinatorResponse(nodeID: 2, host: "fake", port: 9002)
                    .with { $0.errorCode = find.group == "billing" ? 0 : KafkaErrorCode.coordinatorNotAvailable.rawValue }
            case is DescribeGroupsRequest:
                guard node == 2 else { return DescribeGroupsResponse(groups: [.init(errorCode: KafkaErrorCode.notCoordinator.rawValue, groupID: "billing", state: "", topics: [])]) }
                return DescribeGroupsResponse(groups: [.init(groupID: "billing", state: "Stable", topics: ["orders"])])
            case is OffsetFetchRequest:
                guard node == 2 else { return OffsetFetchResponse(errorCode: KafkaErrorCode.notCoordinator.rawValue, partitions: []) }
                return OffsetFetchResponse(partitions: [.init(topic: "orders", partition: 0, committedOffset: 1)])
            default:
                throw KafkaConnectionError.unsupportedApi(type(of: request).api)
            }
        }
    }

    /// Called with `lock` held. Only Produces to the leader take a step of the script.
    private func answer(_ request: ProduceRequest, node: Int32) throws -> ProduceResponse {
        let partition = Int(request.partition)
        let leads = leaders[partition] == node
        let step = leads && !produceScript.isEmpty ? produceScript.removeFirst() : .store
        if case .failBeforeSending(let error) = step { throw error }
        log.append((node, "ProduceRequest"))
        guard leads else { return ProduceResponse(errorCode: KafkaErrorCode.notLeaderOrFollower.rawValue, baseOffset: -1) }
        let offset = count + (storedMessages[partition] ?? 0)
        switch step {
        case .store:
            storedMessages[partition, default: 0] += 1
            return ProduceResponse(baseOffset: offset)
        case .answer(let errorCode):
            return ProduceResponse(errorCode: errorCode, baseOffset: -1)
        case .failAfterSending(let error):
            storedMessages[partition, default: 0] += 1
            throw error
        case .failBeforeSending:
            preconditionFailure("thrown above")
        }
    }
}

extension FindCoordinatorResponse {
    func with(_ change: (inout Self) -> Void) -> Self {
        var copy = self
        change(&copy)
        return copy
    }
}
