/// A school's stage; it fixes the grades the school may hold (R5).
public enum SchoolStage: String, Hashable, Sendable, CaseIterable {
    case primary, junior, senior

    /// The grades of the stage: primary 1–6, junior 7–9, senior 10–12.
    public var grades: ClosedRange<Int> {
        switch self {
        case .primary: return 1...6
        case .junior: return 7...9
        case .senior: return 10...12
        }
    }
}
