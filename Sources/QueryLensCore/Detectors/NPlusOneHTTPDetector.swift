/// `n_plus_one_http`: one outgoing HTTP request per row, in one trace.
public struct NPlusOneHTTPDetector: Detector {
    public init() {}

    public let kind = FindingKind.nPlusOneHTTP

    public let description = """
        The same HTTP request (method and URL template) went out many times in one unit of work \
        with different ids: the N+1 of service calls (load the books, then ask the price service \
        for each book's price). Each call pays a round trip, often across the network, and the \
        calls usually run one after another. Fetch them in one request (a batch or list endpoint, \
        `?ids=1,2,3`), or concurrently when the API offers nothing else, and keep the answers for \
        the rest of the request. Found in traces, where each HTTP client span is a call; URLs \
        become templates (`/price/{id}`: numbers, UUIDs, long hex ids and tokens in the path, \
        query values), so the calls of a loop share one fingerprint.
        """

    public let triggeringExamples = [
        DetectorExample([
            "SELECT id FROM books ORDER BY id LIMIT 3",
            "GET http://prices.internal/price/1", "GET http://prices.internal/price/2", "GET http://prices.internal/price/3",
        ]),
        // UUIDs and query values are ids too.
        DetectorExample([
            "GET https://api.example.com/v1/users/0b7e1c9a-51f3-4e0f-9a55-1f3c2b6f8a10/avatar?size=64",
            "GET https://api.example.com/v1/users/7d2f0e44-2d5b-4a3c-8f0e-4c1b9d6a2e33/avatar?size=64",
            "GET https://api.example.com/v1/users/c3a9b1e2-7f60-4d2b-b1aa-0e5d8c4f7b21/avatar?size=64",
        ]),
    ]

    public let nonTriggeringExamples = [
        // One batched call.
        DetectorExample(["SELECT id FROM books ORDER BY id LIMIT 3", "GET http://prices.internal/prices?ids=1,2,3"]),
        // The same URL again: a repeat to cache, not a loop over keys.
        DetectorExample(["GET http://config.internal/flags", "GET http://config.internal/flags", "GET http://config.internal/flags"]),
        // Different endpoints, once each.
        DetectorExample(["GET http://users.internal/me", "GET http://prices.internal/price/1", "POST http://audit.internal/events"]),
    ]

    public func detect(in unit: UnitStatements, profile: DetectionProfile) -> [UnitFinding] {
        unit.loops(of: [.httpCall], as: kind, profile: profile)
    }
}
