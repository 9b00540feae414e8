import NIOCore
import RedisWire
import Testing

struct RESPCommandTests {
    @Test func commandsAreArraysOfBulkStringsByteForByte() {
        #expect(RESPCommand("PING").encoded == Array("*1\r\n$4\r\nPING\r\n".utf8))
        #expect(RESPCommand("XRANGE", "orders", "(1-0", "+", "COUNT", "1000").encoded == Array(
            "*6\r\n$6\r\nXRANGE\r\n$6\r\norders\r\n$4\r\n(1-0\r\n$1\r\n+\r\n$5\r\nCOUNT\r\n$4\r\n1000\r\n".utf8))
        #expect(RESPCommand("HELLO", "3", "SETNAME", "evmon").encoded == Array("*4\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$7\r\nSETNAME\r\n$5\r\nevmon\r\n".utf8))
    }

    @Test func argumentsAreBinarySafe() {
        var command = RESPCommand("XADD", "s", "*")
        command.append(bytes: [])
        command.append(bytes: [0xff, 0x00, 0x0d, 0x0a, 0x24])
        command.append("ключ")
        let expected: [UInt8] = Array("*6\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$0\r\n\r\n$5\r\n".utf8) + [0xff, 0x00, 0x0d, 0x0a, 0x24]
            + Array("\r\n$8\r\nключ\r\n".utf8)
        #expect(command.encoded == expected)
    }

    @Test func aLargeArgumentKeepsItsExactLength() {
        let value = [UInt8](repeating: 0x78, count: 100_000)
        let encoded = RESPCommand(arguments: [Array("SET".utf8), Array("k".utf8), value]).encoded
        #expect(encoded.starts(with: Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100000\r\n".utf8)))
        #expect(encoded.count == 4 + 9 + 7 + 9 + 100_000 + 2)
        #expect(encoded.suffix(2) == [0x0d, 0x0a])
    }

    /// What the encoder writes, the decoder reads back (as a server would echo an array).
    @Test func encodedCommandsDecodeBackToTheirArguments() throws {
        let command = RESPCommand(arguments: [Array("XADD".utf8), [0xff, 0x0d, 0x0a], [], Array("v".utf8)])
        let values = try RESPTestFeeding.decode(command.encoded, pieces: [1])
        #expect(values == [.array(command.arguments.map(RESPValue.bulkString))])
    }

    @Test func descriptionsNeverShowPasswords() {
        #expect(RESPCommand("AUTH", "user", "secret").description == "AUTH …")
        #expect(RESPCommand("HELLO", "3", "AUTH", "u", "secret").description == "HELLO …")
        #expect(RESPCommand(arguments: [Array("GET".utf8), [0xff]]).description == "GET <1 bytes>")
    }
}
