import Foundation
import EvmonSchemas

/// `evmon-bench protobuf`: Protobuf decoding to JSON on one core, best of five rounds, of the
/// same ten-field order as `avro` (strings, a Timestamp, an enum, a oneof-free optional, a
/// double), the way a registry-framed value is decoded once its frame is read. Goal: ≥
/// 500,000 messages/s.
enum ProtobufBenchmark {
    static let schema = try! ProtoSchema.parse(Array("""
        syntax = "proto3";
        package com.example.orders;
        import "google/protobuf/timestamp.proto";
        enum Currency { EUR = 0; USD = 1; GBP = 2; }
        message OrderCreated {
          string event_id = 1;
          string order_id = 2;
          string user_id = 3;
          google.protobuf.Timestamp created_at = 4;
          double total = 5;
          Currency currency = 6;
          int32 items = 7;
          bool express = 8;
          optional string coupon = 9;
          int64 sequence = 10;
        }
        """.utf8))

    /// One encoded message, written by hand as Protobuf's binary encoding has it.
    static func message(_ index: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func varint(_ value: UInt64) {
            var rest = value
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }
        func string(_ field: UInt64, _ text: String) {
            varint(field << 3 | 2)
            varint(UInt64(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        string(1, "6f1c2a9e-4b7d-4a1e-9d2f-\(String(format: "%012d", index))")
        string(2, "ord-\(index)")
        string(3, "user-\(index % 977)")
        let millis = 1_764_115_200_000 + UInt64(index)
        var timestamp: [UInt8] = []
        swap(&bytes, &timestamp)
        varint(1 << 3)
        varint(millis / 1000)
        varint(2 << 3)
        varint(millis % 1000 * 1_000_000)
        swap(&bytes, &timestamp)
        varint(4 << 3 | 2)
        varint(UInt64(timestamp.count))
        bytes.append(contentsOf: timestamp)
        varint(5 << 3 | 1)
        let total = Double(2_450 + index % 10_000) / 100
        for offset in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: total.bitPattern >> (8 * UInt64(offset)))) }
        if index % 3 != 0 {
            varint(6 << 3)
            varint(UInt64(index % 3))
        }
        varint(7 << 3)
        varint(UInt64(index % 7 + 1))
        if index % 2 == 0 {
            varint(8 << 3)
            varint(1)
        }
        if index % 4 == 0 { string(9, "WINTER") }
        varint(10 << 3)
        varint(UInt64(index))
        return bytes
    }

    static func run() {
        let message = try! schema.message(at: [0])
        let messages = (0..<200_000).map(Self.message)
        var best = Double.infinity
        var bytes = 0
        for _ in 0..<5 {
            bytes = 0
            let started = Date()
            for data in messages {
                guard let json = try? ProtobufDecoder.json(data, message: message, in: schema) else { fatalError("a benchmark message did not decode") }
                bytes += json.count
            }
            best = min(best, Date().timeIntervalSince(started))
        }
        let sample = String(decoding: try! ProtobufDecoder.json(messages[4], message: message, in: schema), as: UTF8.self)
        print("protobuf: \(Int(Double(messages.count) / best)) messages/s on one core (goal 500000), \(bytes / messages.count) bytes of JSON each: \(sample)")
    }
}
