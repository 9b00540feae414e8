import Foundation

extension Process {
    /// SIGKILL, only while the process is ours: once Foundation has reaped it (`isRunning` is
    /// false) its number may already belong to another process of the test run, such as a
    /// token command a concurrent test is timing.
    public func killIfRunning() {
        if isRunning { kill(processIdentifier, SIGKILL) }
    }
}
