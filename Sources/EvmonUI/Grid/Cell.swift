/// One terminal cell: a scalar drawn in a style role.
///
/// Eight bytes, so a 200×60 screen is 96 KB and comparing two frames is a memory compare.
/// A wide glyph (CJK, most emoji) occupies a lead cell holding the scalar and a continuation
/// cell after it holding nothing; drivers skip continuations. Cells never hold control
/// characters: `ScreenGrid` escapes them on the way in.
public struct Cell: Sendable, Equatable, Hashable {
    /// The Unicode scalar value; `Cell.continuationScalar` for the right half of a wide glyph.
    public var scalar: UInt32
    public var role: StyleRole

    /// Marks the right half of a wide glyph.
    public static let continuationScalar: UInt32 = 0xFFFF_FFFF

    public init(scalar: UInt32, role: StyleRole) {
        self.scalar = scalar
        self.role = role
    }

    /// A blank cell in `role`.
    public static func blank(_ role: StyleRole) -> Cell { Cell(scalar: 0x20, role: role) }

    /// True for the right half of a wide glyph.
    public var isContinuation: Bool { scalar == Cell.continuationScalar }
}
