import Foundation
import EvmonSchemas

/// `evmon-bench avro`: Avro decoding to JSON on one core, best of five rounds, of an order
/// record of ten fields with a union and logical types (a decimal and a timestamp). Goal: ≥
/// 500,000 messages/s.
enum AvroBenchmark {
    static let schema = try! AvroSchema.parse(Array(#"""
        {"type":"record","name":"OrderCreated","namespace":"com.example.orders","fields":[
          {"name":"event_id","type":{"type":"string","logicalType":"uuid"}},
          {"name":"order_id","type":"string"},
          {"name":"user_id","type":"string"},
          {"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"total","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
          {"name":"currency","type":{"type":"enum","name":"Currency","symbols":["EUR","USD","GBP"]}},
          {"name":"items","type":"int"},
          {"name":"express","type":"boolean"},
          {"name":"coupon","type":["null","string"]},
          {"name":"sequence","type":"long"}]}
        """#.utf8))

    /// One encoded record, written by hand as Avro's binary encoding has it.
    static func message(_ index: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        func long(_ value: Int64) {
            var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
            while rest >= 0x80 {
                bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
                rest >>= 7
            }
            bytes.append(UInt8(rest))
        }
        func string(_ text: String) {
            long(Int64(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        string("6f1c2a9e-4b7d-4a1e-9d2f-\(String(format: "%012d", index))")
        string("ord-\(index)")
        string("user-\(index % 977)")
        long(1_764_115_200_000 + Int64(index))
        let cents = Int64(2_450 + index % 10_000)
        bytes.append(4)
        bytes.append(contentsOf: [UInt8(truncatingIfNeeded: cents >> 8), UInt8(truncatingIfNeeded: cents)])
        long(Int64(index % 3))
        long(Int64(index % 7 + 1))
        bytes.append(index % 2 == 0 ? 1 : 0)
        if index % 4 == 0 {
            long(1)
            string("WINTER")
        } else {
            long(0)
        }
        long(Int64(index))
        return bytes
    }

    static func run() {
        let messages = (0..<200_000).map(message)
        var best = Double.infinity
        var bytes = 0
        for _ in 0..<5 {
            bytes = 0
            let started = Date()
            for message in messages {
                guard let json = try? AvroDecoder.json(message, schema: schema) else { fatalError("a benchmark message did not decode") }
                bytes += json.count
            }
            best = min(best, Date().timeIntervalSince(started))
        }
        let sample = String(decoding: try! AvroDecoder.json(messages[4], schema: schema), as: UTF8.self)
        print("avro: \(Int(Double(messages.count) / best)) messages/s on one core (goal 500000), \(bytes / messages.count) bytes of JSON each: \(sample)")
    }
}
