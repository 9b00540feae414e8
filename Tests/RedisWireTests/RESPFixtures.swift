import RedisWire

/// Replies exactly as Redis 7.0.15 sent them, plus the RESP3
/// spec's examples for the types 7.0 never sent, each with the value it must decode to.
enum RESPFixtures {
    struct Fixture: Sendable {
        var name: String
        var bytes: [UInt8]
        var value: RESPValue
    }

    static func bulk(_ text: String) -> RESPValue { .bulkString(Array(text.utf8)) }

    static let all: [Fixture] = [
        Fixture(name: "simple string", bytes: Array("+OK\r\n".utf8), value: .simpleString("OK")),
        Fixture(name: "TYPE reply", bytes: Array("+stream\r\n".utf8), value: .simpleString("stream")),
        Fixture(
            name: "simple error", bytes: Array("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n".utf8),
            value: .error("WRONGTYPE Operation against a key holding the wrong kind of value")),
        Fixture(name: "integer", bytes: Array(":12345\r\n".utf8), value: .integer(12345)),
        Fixture(name: "negative integer", bytes: Array(":-9223372036854775808\r\n".utf8), value: .integer(.min)),
        Fixture(name: "bulk", bytes: Array("$11\r\nHello World\r\n".utf8), value: bulk("Hello World")),
        Fixture(name: "empty bulk", bytes: Array("$0\r\n\r\n".utf8), value: .bulkString([])),
        Fixture(
            name: "binary bulk with CRLF inside", bytes: [0x24, 0x36, 13, 10, 0xff, 0x00, 13, 10, 0x80, 0x0d, 13, 10],
            value: .bulkString([0xff, 0x00, 13, 10, 0x80, 0x0d])),
        Fixture(name: "array", bytes: Array("*3\r\n:0\r\n:1\r\n:2\r\n".utf8), value: .array([.integer(0), .integer(1), .integer(2)])),
        Fixture(name: "empty array", bytes: Array("*0\r\n".utf8), value: .array([])),
        Fixture(name: "RESP3 null", bytes: Array("_\r\n".utf8), value: .null),
        Fixture(name: "RESP2 null bulk", bytes: Array("$-1\r\n".utf8), value: .null),
        Fixture(name: "RESP2 null array", bytes: Array("*-1\r\n".utf8), value: .null),
        Fixture(name: "double", bytes: Array(",3.141\r\n".utf8), value: .double(3.141)),
        Fixture(name: "double inf", bytes: Array(",inf\r\n".utf8), value: .double(.infinity)),
        Fixture(name: "double -inf", bytes: Array(",-inf\r\n".utf8), value: .double(-.infinity)),
        Fixture(name: "double exponent", bytes: Array(",1.5e3\r\n".utf8), value: .double(1500)),
        Fixture(name: "true", bytes: Array("#t\r\n".utf8), value: .boolean(true)),
        Fixture(name: "false", bytes: Array("#f\r\n".utf8), value: .boolean(false)),
        Fixture(name: "blob error", bytes: Array("!21\r\nSYNTAX invalid syntax\r\n".utf8), value: .blobError(Array("SYNTAX invalid syntax".utf8))),
        Fixture(
            name: "verbatim", bytes: Array("=29\r\ntxt:This is a verbatim\nstring\r\n".utf8),
            value: .verbatim(format: "txt", text: Array("This is a verbatim\nstring".utf8))),
        Fixture(
            name: "big number", bytes: Array("(1234567999999999999999999999999999999\r\n".utf8),
            value: .bigNumber("1234567999999999999999999999999999999")),
        Fixture(name: "negative big number", bytes: Array("(-12\r\n".utf8), value: .bigNumber("-12")),
        Fixture(
            name: "map counts pairs", bytes: Array("%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n".utf8),
            value: .map([RESPPair(.integer(0), .boolean(false)), RESPPair(.integer(1), .boolean(true)), RESPPair(.integer(2), .boolean(false))])),
        Fixture(name: "set", bytes: Array("~3\r\n:0\r\n:1\r\n:2\r\n".utf8), value: .set([.integer(0), .integer(1), .integer(2)])),
        Fixture(
            name: "attribute is dropped", bytes: Array(
                "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n".utf8),
            value: bulk("Some real reply following the attribute")),
        Fixture(
            name: "push invalidate", bytes: Array(">2\r\n$10\r\ninvalidate\r\n*1\r\n$5\r\nplain\r\n".utf8),
            value: .push([bulk("invalidate"), .array([bulk("plain")])])),
        Fixture(
            name: "push subscribe", bytes: Array(">3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n".utf8),
            value: .push([bulk("subscribe"), bulk("ch"), .integer(1)])),
        Fixture(
            name: "HELLO 3", bytes: Array(
                "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:5\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n".utf8),
            value: .map([
                RESPPair(bulk("server"), bulk("redis")), RESPPair(bulk("version"), bulk("7.0.15")), RESPPair(bulk("proto"), .integer(3)),
                RESPPair(bulk("id"), .integer(5)), RESPPair(bulk("mode"), bulk("standalone")), RESPPair(bulk("role"), bulk("master")),
                RESPPair(bulk("modules"), .array([])),
            ])),
        Fixture(
            name: "XRANGE", bytes: Array(
                "*2\r\n*2\r\n$15\r\n1716123456789-0\r\n*4\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nk2\r\n$2\r\nv2\r\n*2\r\n$15\r\n1795671905139-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n".utf8),
            value: .array([
                .array([bulk("1716123456789-0"), .array([bulk("k"), bulk("v"), bulk("k2"), bulk("v2")])]),
                .array([bulk("1795671905139-0"), .array([bulk("a"), bulk("1")])]),
            ])),
        Fixture(
            name: "XREAD RESP3", bytes: Array("%1\r\n$6\r\norders\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n".utf8),
            value: .map([RESPPair(bulk("orders"), .array([.array([bulk("1-0"), .array([bulk("f"), bulk("v")])])]))])),
        Fixture(
            name: "XPENDING summary", bytes: Array(
                "*4\r\n:2\r\n$15\r\n1716123456789-0\r\n$15\r\n1795671905139-0\r\n*1\r\n*2\r\n$2\r\nc1\r\n$1\r\n2\r\n".utf8),
            value: .array([.integer(2), bulk("1716123456789-0"), bulk("1795671905139-0"), .array([.array([bulk("c1"), bulk("2")])])])),
        Fixture(
            name: "XPENDING extended", bytes: Array("*1\r\n*4\r\n$15\r\n1795671935247-0\r\n$2\r\nc2\r\n:551\r\n:4\r\n".utf8),
            value: .array([.array([bulk("1795671935247-0"), bulk("c2"), .integer(551), .integer(4)])])),
        Fixture(
            name: "SCAN", bytes: Array("*2\r\n$1\r\n0\r\n*1\r\n$6\r\norders\r\n".utf8),
            value: .array([bulk("0"), .array([bulk("orders")])])),
    ]

    /// Every fixture back to back, as one connection would receive them.
    static var stream: [UInt8] { all.flatMap(\.bytes) }
}
