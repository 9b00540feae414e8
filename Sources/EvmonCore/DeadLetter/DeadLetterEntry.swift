/// What evmon understood of one dead-lettered message.
public struct DeadLetterEntry: Sendable, Equatable {
    /// Where the dead letter itself sits.
    public var reference: RecordRef
    public var dlqTopic: String { reference.topic }
    public var offset: Offset
    public var timestamp: Int64
    public var originalTopic: String?
    public var originalPartition: Int?
    public var originalOffset: Int64?
    /// The exception message, or another reason text the producer gave.
    public var reason: String?
    /// The exception class (fully qualified).
    public var exception: String?
    /// The convention recognised (`spring`, `name-only`, …).
    public var convention: String

    /// `exception: reason`, or whichever is known, for grouping and one-line display.
    public var summary: String {
        switch (exception, reason) {
        case let (exception?, reason?): "\(Self.shortClass(exception)): \(reason)"
        case let (exception?, nil): Self.shortClass(exception)
        case let (nil, reason?): reason
        case (nil, nil): "no reason given"
        }
    }

    private static func shortClass(_ name: String) -> String {
        String(name.split(separator: ".").last ?? Substring(name))
    }
}
