import EvmonTestSupport
import Testing
import EvmonModel
import EvmonJSON

@Suite struct RecordFormatTests {
    let record = Record(
        topic: "orders", partition: 1, offset: .sequence(7), timestamp: 1_764_115_200_000, key: Array("ord-7".utf8),
        headers: [Header("trace", "t1"), Header(name: "bin", value: [0x00, 0x1b])], value: Array("hi\u{1b}[2J".utf8))

    func formatted(_ format: RecordFormat, _ record: Record) -> String {
        var output: [UInt8] = []
        format.append(record, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test func kcatFieldsAndEscapes() throws {
        let format = try RecordFormat(parsing: #"%t|%p|%o|%k|%s|%T|%h|%S|%K|%%\t\n"#)
        #expect(formatted(format, record) == "orders|1|7|ord-7|hi\\x1b[2J|1764115200000|trace=t1,bin=\\x00\\x1b|6|5|%\t\n")
    }

    @Test func kcatAbsentKeyAndValue() throws {
        let format = try RecordFormat(parsing: "%k/%s/%S/%K")
        let empty = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: nil)
        #expect(formatted(format, empty) == "//-1/-1")
    }

    @Test func textLineForPeople() throws {
        #expect(formatted(.text, record) == "2025-11-26T00:00:00.000Z orders/1@7 key=ord-7 headers=2 hi\\x1b[2J\n")
        let bare = Record(topic: "t", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: nil)
        #expect(formatted(.text, bare) == "1970-01-01T00:00:00.000Z t/0@0 key=(null) (null)\n")
    }

    @Test func parsesNamedFormats() throws {
        #expect(try RecordFormat(parsing: "json") == .json)
        #expect(try RecordFormat(parsing: "text") == .text)
    }

    @Test(arguments: ["yaml", "%q", "%", #"x\"#, #"\q%s"#])
    func rejectsUnknownFormats(text: String) {
        #expect(throws: EvmonError.self) { try RecordFormat(parsing: text) }
    }
}
