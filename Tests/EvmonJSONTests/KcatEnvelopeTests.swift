import Testing
import EvmonModel
import EvmonJSON

/// kcat's `-J` envelope, byte for byte.
@Suite struct KcatEnvelopeTests {
    func line(_ record: Record) -> String {
        var output: [UInt8] = []
        RecordFormat.kcatEnvelope.append(record, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func fieldsInKcatsOrderWithFlatHeaders() {
        let record = Record(
            topic: "orders", partition: 1, offset: .sequence(7), timestamp: 1_764_115_200_000, key: Array("ord-7".utf8),
            headers: [Header("trace", "t1"), Header(name: "gone", value: nil)], value: Array("{\"a\":1}".utf8))
        #expect(line(record) == #"{"topic":"orders","partition":1,"offset":7,"tstype":"create","ts":1764115200000,"broker":-1,"headers":["trace","t1","gone",null],"key":"ord-7","payload":"{\"a\":1}"}"# + "\n")
    }

    /// kcat leaves `headers` out when there are none; absent key and value are null; bytes that are
    /// not UTF-8 are base64 objects, so the line stays valid JSON.
    @Test func noHeadersNullsAndBinary() {
        let record = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 5, key: nil, value: [0xff, 0x00])
        #expect(line(record) == #"{"topic":"t","partition":0,"offset":0,"tstype":"create","ts":5,"broker":-1,"key":null,"payload":{"base64":"/wA="}}"# + "\n")
    }
}
