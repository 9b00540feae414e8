import Crypto
import Foundation
import EvmonModel

/// A NATS NKey seed (`SU…`): an Ed25519 private key in NATS's text form (base32 of a prefix,
/// the 32-byte seed and a CRC-16), which signs the nonce the server sends in INFO.
package struct NKey: Sendable, Equatable {
    let privateKey: Curve25519.Signing.PrivateKey
    /// The public key in NATS's text form (`U…` for a user), as CONNECT's `nkey` names it.
    package let publicKey: String

    /// The prefix byte of a seed (`S`), and of the key types a user may connect as.
    private static let seedPrefix: UInt8 = 18 << 3
    private static let userPrefix: UInt8 = 20 << 3

    /// Decodes a seed; the error says what is wrong without repeating the seed.
    package init(seed text: String) throws(EvmonError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Base32.decode(trimmed), raw.count == 36 else {
            throw .usage("the NKey seed is not a NATS seed (expected 58 characters starting with SU)")
        }
        let body = Array(raw.prefix(34))
        let checksum = UInt16(raw[34]) | UInt16(raw[35]) << 8
        guard CRC16.xmodem(body) == checksum else { throw .usage("the NKey seed's checksum is wrong (was it copied whole?)") }
        guard body[0] & 0xF8 == Self.seedPrefix else { throw .usage("the NKey is not a seed (a seed starts with S)") }
        let keyType = (body[0] & 0x07) << 5 | (body[1] & 0xF8) >> 3
        guard keyType == Self.userPrefix else { throw .usage("the NKey seed is not a user's seed (expected SU…)") }
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: body[2..<34])
        } catch {
            throw .usage("the NKey seed does not hold an Ed25519 key")
        }
        publicKey = Self.encode(prefix: keyType, Array(privateKey.publicKey.rawRepresentation))
    }

    /// Two seeds are the same key when their public keys are.
    package static func == (lhs: NKey, rhs: NKey) -> Bool { lhs.publicKey == rhs.publicKey }

    /// CONNECT's `sig`: the nonce signed, base64url without padding.
    package func sign(nonce: String) throws -> String {
        let signature = try privateKey.signature(for: Array(nonce.utf8))
        return Data(signature).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func encode(prefix: UInt8, _ key: [UInt8]) -> String {
        let body = [prefix] + key
        let checksum = CRC16.xmodem(body)
        return Base32.encode(body + [UInt8(checksum & 0xFF), UInt8(checksum >> 8)])
    }
}

/// RFC 4648 base32 without padding, as NKeys are written.
enum Base32 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func decode(_ text: String) -> [UInt8]? {
        var bits: UInt32 = 0
        var count = 0
        var bytes: [UInt8] = []
        for character in text.utf8 {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 5 | UInt32(value)
            count += 5
            if count >= 8 {
                count -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(count)))
            }
        }
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var bits: UInt32 = 0
        var count = 0
        var text: [UInt8] = []
        for byte in bytes {
            bits = bits << 8 | UInt32(byte)
            count += 8
            while count >= 5 {
                count -= 5
                text.append(alphabet[Int(bits >> UInt32(count) & 31)])
            }
        }
        if count > 0 { text.append(alphabet[Int(bits << UInt32(5 - count) & 31)]) }
        return String(decoding: text, as: UTF8.self)
    }
}

/// CRC-16/XMODEM (polynomial 0x1021, initial 0), the checksum NKeys carry.
enum CRC16 {
    static func xmodem(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? crc << 1 ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}
