import NIOCore

/// What a JetStream delivery's reply subject says about it.
///
/// v1 (9 tokens): `$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts_ns>.<pending>`;
/// v2 (11 or more): `$JS.ACK.<domain>.<account>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts_ns>.<pending>[.<token>…]`,
/// with domain `_` meaning none.
public struct JetStreamAck: Sendable, Equatable {
    /// The numbers, read without building any string (the tail's hot path needs only these).
    public struct Position: Sendable, Equatable {
        public var delivered: UInt64
        public var streamSequence: UInt64
        public var consumerSequence: UInt64
        /// Nanoseconds since the epoch.
        public var timestampNanos: UInt64
        /// Messages the consumer still has to deliver after this one.
        public var pending: UInt64

        public init(delivered: UInt64, streamSequence: UInt64, consumerSequence: UInt64, timestampNanos: UInt64, pending: UInt64) {
            self.delivered = delivered
            self.streamSequence = streamSequence
            self.consumerSequence = consumerSequence
            self.timestampNanos = timestampNanos
            self.pending = pending
        }
    }

    public var domain: String?
    public var accountHash: String?
    public var stream: String
    public var consumer: String
    public var position: Position

    /// Parses a reply subject.
    public init(parsing subject: String) throws(NATSWireError) {
        var text = subject
        let result: Result<JetStreamAck, NATSWireError> = text.withUTF8 { utf8 in
            let bytes = UnsafeRawBufferPointer(utf8)
            guard let (position, names) = Self.scan(bytes) else { return .failure(.notAnAckSubject(subject)) }
            func string(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            var domain: String?
            var account: String?
            if let domainRange = names.domain {
                let value = string(domainRange)
                domain = value == "_" ? nil : value
                account = names.account.map(string)
            }
            return .success(JetStreamAck(domain: domain, accountHash: account, stream: string(names.stream), consumer: string(names.consumer), position: position))
        }
        self = try result.get()
    }

    init(domain: String?, accountHash: String?, stream: String, consumer: String, position: Position) {
        self.domain = domain
        self.accountHash = accountHash
        self.stream = stream
        self.consumer = consumer
        self.position = position
    }

    /// The numbers of a reply subject held in a buffer, or `nil` when it is not an ack subject.
    public static func position(in subject: ByteBuffer) -> Position? {
        subject.withUnsafeReadableBytes { bytes in scan(bytes)?.0 }
    }

    struct Names {
        var domain: Range<Int>?
        var account: Range<Int>?
        var stream: Range<Int>
        var consumer: Range<Int>
    }

    /// Splits on dots (at most 16 tokens kept) and reads the numbers by the token count.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> (Position, Names)? {
        guard bytes.count > 8, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "J"), bytes[2] == UInt8(ascii: "S"),
              bytes[3] == UInt8(ascii: "."), bytes[4] == UInt8(ascii: "A"), bytes[5] == UInt8(ascii: "C"),
              bytes[6] == UInt8(ascii: "K"), bytes[7] == UInt8(ascii: ".") else { return nil }
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 17) { starts -> (Position, Names)? in
            var count = 0
            starts[0] = 0
            count = 1
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ".") {
                guard count < 16 else { return nil }
                starts[count] = index + 1
                count += 1
            }
            func token(_ index: Int) -> Range<Int> {
                let end = index + 1 < count ? starts[index + 1] - 1 : bytes.count
                return starts[index]..<end
            }
            let first: Int
            var names: Names
            if count == 9 {
                first = 4
                names = Names(stream: token(2), consumer: token(3))
            } else if count >= 11 {
                first = 6
                names = Names(domain: token(2), account: token(3), stream: token(4), consumer: token(5))
            } else {
                return nil
            }
            guard !names.stream.isEmpty, !names.consumer.isEmpty,
                  let delivered = NATSBytes.decimal(bytes, token(first)),
                  let streamSequence = NATSBytes.decimal(bytes, token(first + 1)),
                  let consumerSequence = NATSBytes.decimal(bytes, token(first + 2)),
                  let timestamp = NATSBytes.decimal(bytes, token(first + 3)),
                  let pending = NATSBytes.decimal(bytes, token(first + 4)) else { return nil }
            return (Position(delivered: delivered, streamSequence: streamSequence, consumerSequence: consumerSequence, timestampNanos: timestamp, pending: pending), names)
        }
    }
}
