/// One fuzz target: a name and what it does with one input. A target never throws and never
/// checks an expectation by returning: anything wrong traps (a broken invariant is a
/// `precondition`), which is what libFuzzer and the corpus replay in `make test` look for.
public struct FuzzTarget: Sendable {
    /// The name `make fuzz`, the corpus folder and `EVMON_FUZZ_TARGET` use.
    public let name: String
    /// Feeds one input to the decoders under test.
    public let run: @Sendable ([UInt8]) -> Void

    public init(_ name: String, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.run = run
    }
}

/// Every fuzz target, one per decoder or parser family that reads untrusted bytes.
public enum FuzzTargets {
    public static let all: [FuzzTarget] = KafkaFuzzTargets.all + RedisFuzzTargets.all + NATSFuzzTargets.all
        + CoreFuzzTargets.all + FileFuzzTargets.all + CredentialFuzzTargets.all + TraceFuzzTargets.all + CaptureFuzzTargets.all + SchemaFuzzTargets.all + ProtobufFuzzTargets.all + JSONSchemaFuzzTargets.all + RegistryAnswerFuzzTargets.all

    /// The target called `name`.
    public static func named(_ name: String) -> FuzzTarget? {
        all.first { $0.name == name }
    }
}

/// Carves typed values out of a fuzz input, front to back; past the end everything is zero.
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isExhausted: Bool { position >= bytes.count }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int64() -> Int64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return Int64(bitPattern: value)
    }

    /// Bytes up to the next `0xFF` (which is consumed) or the end.
    mutating func field() -> [UInt8] {
        let start = position
        while position < bytes.count, bytes[position] != 0xFF { position += 1 }
        defer { if position < bytes.count { position += 1 } }
        return Array(bytes[start..<position])
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return position < bytes.count ? Array(bytes[position...]) : []
    }

    /// `field()` as text, invalid UTF-8 repaired.
    mutating func text() -> String { String(decoding: field(), as: UTF8.self) }
}
