/// A span of one row to draw: columns `start..<end` of row `row`.
struct DrawRun: Sendable, Equatable, CustomStringConvertible {
    var row: Int
    var start: Int
    var end: Int

    var count: Int { end - start }
    var description: String { "\(row):\(start)..<\(end)" }
}
