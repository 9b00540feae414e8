import EvmonModel

/// How many columns text takes once the grid has escaped it (`\x1b` is four), so that a column
/// sized from what it will show is wide enough for what it does show.
enum ShownWidth {
    /// The columns `bytes` take when written with `ScreenGrid.write(bytes:)`; `∅` for none.
    /// Only the first `limit` bytes are measured: columns have caps far below that.
    static func of(_ bytes: [UInt8]?, limit: Int = 128) -> Int {
        guard let bytes else { return 1 }
        var total = 0
        bytes.prefix(limit).withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                switch decodeUTF8(buffer, at: index) {
                case .invalid:
                    total += 4
                    index += 1
                case .scalar(let scalar, let length):
                    total += of(scalar)
                    index += length
                }
            }
        }
        return total
    }

    /// The columns `text` takes when written with `ScreenGrid.write(_:)`.
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1.value) }
    }

    /// The columns one scalar takes once escaped.
    static func of(_ scalar: UInt32) -> Int {
        if scalar == 0x0A || scalar == 0x09 || scalar == 0x0D { return 2 }
        if scalar < 0x20 || scalar == 0x7F { return 4 }
        if scalar >= 0x80, isInvisibleControl(scalar) { return 6 }
        return DisplayWidth.of(scalar)
    }
}
