#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// Socket failures in the words an error line uses, the same for every broker.
public enum NetworkErrorText {
    /// `connection refused` rather than NIO's type dumps.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if error.dnsAAAAError != nil || error.dnsAError != nil { return "cannot resolve \(error.host)" }
            return "cannot connect to \(error.host):\(error.port)"
        }
        if let error = error as? IOError {
            if error.errnoCode == ECONNREFUSED { return "connection refused" }
            return String(cString: strerror(error.errnoCode))
        }
        if error is ChannelError, case .connectTimeout = error as! ChannelError { return "connection timed out" }
        return String(describing: error)
    }
}
