import EvmonModel
import EvmonSchemas

/// The demo's Avro topic (`demo://?avro=true`, `evmon demo --avro`): the payment service
/// authorizes each order on `payments`, written as a Confluent Avro producer writes (magic byte,
/// schema id 1, Avro binary), with its schema served by the demo's own registry, so the decoded
/// view shows without a registry of one's own.
enum DemoPayments {
    static let topic = "payments"
    static let schemaID: UInt32 = 1
    static let subject = "payments-value"

    /// A record with a union, an enum, a decimal, a timestamp and a nested record.
    static let schema = #"""
        {"type":"record","name":"PaymentAuthorized","namespace":"shop.payments","fields":[
          {"name":"payment_id","type":"string"},
          {"name":"order_id","type":"string"},
          {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":12,"scale":2}},
          {"name":"currency","type":{"type":"enum","name":"Currency","symbols":["EUR","USD","GBP"]}},
          {"name":"method","type":["null","string"],"default":null},
          {"name":"card","type":["null",{"type":"record","name":"Card","fields":[
            {"name":"brand","type":"string"},{"name":"last4","type":"string"}]}],"default":null},
          {"name":"authorized_at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"attempt","type":"int"}]}
        """#

    /// The framed value for `order`, authorized at `time`: its fields follow from the order, so
    /// the demo's other topics draw nothing more from the seeded generator.
    static func framed(_ order: DemoEvents.Order, sequence: Int, at time: Int64) -> [UInt8] {
        var bytes: [UInt8] = [0x00] + DemoEvents.bigEndian(Int32(schemaID))
        string("pay-" + order.id.dropFirst(4), into: &bytes)
        string(order.id, into: &bytes)
        // decimal(12,2) as bytes: the cents as a big-endian two's-complement integer.
        let cents = Int64((order.total * 100).rounded())
        let unscaled = DemoEvents.bigEndian(cents).drop { $0 == 0 }
        let minimal = unscaled.first.map { $0 >= 0x80 } ?? true ? [0] + unscaled : Array(unscaled)
        long(Int64(minimal.count), into: &bytes)
        bytes += minimal
        long(Int64(sequence % 3), into: &bytes)  // currency
        let byCard = sequence % 4 != 0
        long(1, into: &bytes)  // method: the string branch
        string(byCard ? "card" : "bank_transfer", into: &bytes)
        if byCard {
            long(1, into: &bytes)
            string(["visa", "mastercard", "amex"][sequence % 3], into: &bytes)
            string(String(1000 + (sequence * 7919) % 9000), into: &bytes)
        } else {
            long(0, into: &bytes)
        }
        long(time, into: &bytes)
        long(Int64(1 + sequence % 2), into: &bytes)
        return bytes
    }

    /// Avro's long: a zig-zag varint.
    static func long(_ value: Int64, into bytes: inout [UInt8]) {
        var zigzag = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while zigzag >= 0x80 {
            bytes.append(UInt8(zigzag & 0x7F) | 0x80)
            zigzag >>= 7
        }
        bytes.append(UInt8(zigzag))
    }

    /// Avro's string: its length, then its UTF-8.
    static func string(_ text: some StringProtocol, into bytes: inout [UInt8]) {
        long(Int64(text.utf8.count), into: &bytes)
        bytes += text.utf8
    }
}

/// The demo's schema registry, in process: the payments schema under id 1.
struct DemoSchemaRegistry: SchemaSource {
    var displayURL: String { "the demo's registry" }

    func schema(id: UInt32) async throws(RegistryError) -> RegisteredSchema {
        guard id == DemoPayments.schemaID else { throw RegistryError("the registry has no schema with this id", transient: false) }
        return RegisteredSchema(kind: .avro, text: DemoPayments.schema)
    }

    func schema(subject: String, version: Int) async throws(RegistryError) -> RegisteredSchema {
        guard subject == DemoPayments.subject, version == 1 else {
            throw RegistryError("the registry has no version \(version) of subject '\(subject)'", transient: false)
        }
        return RegisteredSchema(kind: .avro, text: DemoPayments.schema)
    }

    func filing(of id: UInt32) async -> (subject: String, version: Int)? {
        id == DemoPayments.schemaID ? (DemoPayments.subject, 1) : nil
    }
}
