import EvmonBrokers
import Foundation
import Testing

/// Lines across read boundaries: every chunk size gives the same lines, numbers and offsets.
struct LineReaderTests {
    static func lines(of text: String, chunk: Int, holdsPartialLine: Bool = false, maximum: Int = 1 << 20) throws -> [LineReader.Line] {
        var pipe: [Int32] = [0, 0]
        #expect(Foundation.pipe(&pipe) == 0)
        let data = Array(text.utf8)
        #expect(data.withUnsafeBytes { write(pipe[1], $0.baseAddress, $0.count) } == data.count)
        close(pipe[1])
        defer { close(pipe[0]) }
        var reader = LineReader(descriptor: pipe[0], maximumLineBytes: maximum, holdsPartialLine: holdsPartialLine, chunkBytes: chunk)
        var lines: [LineReader.Line] = []
        while let line = try reader.next() { lines.append(line) }
        return lines
    }

    @Test(arguments: [1, 2, 3, 7, 64, 1 << 20])
    func linesAreTheSameWhateverTheChunkSize(chunk: Int) throws {
        let text = "first\n\nthird line\r\n{\"a\":1}\nlast without newline"
        let lines = try Self.lines(of: text, chunk: chunk)
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["first", "", "third line", "{\"a\":1}", "last without newline"])
        #expect(lines.map(\.number) == [1, 2, 3, 4, 5])
        #expect(lines.map(\.start) == [0, 6, 7, 19, 27])
    }

    @Test func aFollowedFileHoldsItsLastLineUntilTheNewlineArrives() throws {
        let lines = try Self.lines(of: "a\nb\npartial", chunk: 3, holdsPartialLine: true)
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["a", "b"])
    }

    @Test func aLineOverTheLimitIsAnErrorNamingIt() throws {
        #expect(throws: LineReaderError.self) { try Self.lines(of: "ok\n" + String(repeating: "x", count: 100), chunk: 8, maximum: 50) }
        do {
            _ = try Self.lines(of: "ok\n" + String(repeating: "x", count: 100), chunk: 8, maximum: 50)
        } catch let error as LineReaderError {
            #expect(error.line == 2)
        }
    }
}
