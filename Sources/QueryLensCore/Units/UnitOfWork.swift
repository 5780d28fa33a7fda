/// A unit of work: the statements of one web request, job, test or transaction. N+1 exists
/// only inside one unit, so how units are found decides what can be detected (docs/units.md).
public struct UnitOfWork: Equatable, Sendable {
    /// How the unit's boundaries were found, from most to least certain.
    public enum Boundary: String, Sendable, Codable {
        /// An explicit id: JSONL `unit`, a Rails request, a `traceparent` / `request_id` tag.
        case explicit
        /// BEGIN ... COMMIT/ROLLBACK on one session.
        case transaction
        /// Statements of one session between pauses longer than the session's idle gap.
        case idleGap = "idle_gap"
        /// Everything a session did, when nothing else delimited it (no timestamps).
        case session
    }

    /// Deterministic: the explicit id, or `SESSION#N`.
    public var id: String
    public var session: String?
    public var boundary: Boundary
    public var events: [AnalyzedEvent]

    /// Whether the boundaries are a guess (idle gaps, whole sessions): findings in such
    /// units are reported with lower confidence.
    public var isInferred: Bool { boundary == .idleGap || boundary == .session }
}
