#if canImport(Glibc)
import Glibc
#endif

/// A loopback port that refuses connections for as long as this object lives: a socket bound to
/// it but not listening. Unlike a port found free and released, no other test's server can take
/// it meanwhile, so "connection refused" is certain.
public final class RefusingPort: @unchecked Sendable {
    // @unchecked: `descriptor` is set once in init and closed once in deinit.
    public let port: Int
    private let descriptor: Int32

    public init() throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RefusingPortError(reason: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(socket)
            throw RefusingPortError(reason: "bind: errno \(errno)")
        }
        descriptor = socket
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}

public struct RefusingPortError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { "cannot reserve a refusing port: \(reason)" }
}
