import KafkaWire
import Testing

struct CRC32CTests {
    @Test func matchesTheCastagnoliCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test func theInstructionAndTheTablesAgree() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let software = bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) }
            #expect(CRC32C.checksum(bytes) == software, "length \(length)")
            // Unaligned starts too.
            if length > 3 {
                let (hardware, table) = bytes.withUnsafeBytes { raw in
                    let tail = UnsafeRawBufferPointer(rebasing: raw[3...])
                    return (CRC32C.checksum(tail), CRC32C.softwareChecksum(tail))
                }
                #expect(hardware == table)
            }
        }
    }
}
