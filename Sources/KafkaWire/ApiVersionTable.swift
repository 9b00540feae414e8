/// What one broker said it supports (ApiVersions), and the version evmon uses for each API.
public struct ApiVersionTable: Sendable, Equatable {
    /// The broker's range per API key.
    public var ranges: [Int16: ClosedRange<Int16>]

    public init(ranges: [Int16: ClosedRange<Int16>]) {
        self.ranges = ranges
    }

    /// The highest version both sides speak; `nil` when the ranges do not meet.
    public func version(for api: KafkaApi) -> Int16? {
        guard let broker = ranges[api.rawValue] else { return nil }
        let ours = api.supportedVersions
        let highest = min(broker.upperBound, ours.upperBound)
        let lowest = max(broker.lowerBound, ours.lowerBound)
        return highest >= lowest ? highest : nil
    }
}
