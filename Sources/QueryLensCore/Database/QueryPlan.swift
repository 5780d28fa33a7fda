import Foundation

/// A plan, from either database, in one small model: enough to see a missing index (a
/// sequential scan with a filter, a sort feeding a LIMIT, SQLite's SCAN or temporary B-tree)
/// and to compare costs before and after a candidate.
public struct QueryPlan: Sendable {
    public struct Node: Sendable {
        public var type: String
        public var relation: String?
        public var index: String?
        public var filter: String?
        public var cost: Double
        public var rows: Double
        /// With EXPLAIN ANALYZE: the measured time of the node, milliseconds.
        public var actualMilliseconds: Double?
        public var children: [Node]
    }

    /// PostgreSQL's plan tree (nil for SQLite).
    public var root: Node?
    /// SQLite's EXPLAIN QUERY PLAN detail lines (`SCAN books`, `SEARCH books USING INDEX ...`).
    public var details: [String]

    /// The estimated total cost (PostgreSQL), or a rough SQLite equivalent: 1 per SEARCH,
    /// 100 per SCAN, 50 per temporary B-tree, so that "after" can be compared to "before".
    public var cost: Double {
        if let root { return root.cost }
        return details.reduce(0) { total, line in
            if line.hasPrefix("SCAN") && !line.contains("USING COVERING INDEX") && !line.contains("USING INDEX") { return total + 100 }
            if line.contains("TEMP B-TREE") { return total + 50 }
            return total + 1
        }
    }

    /// Tables read in full with a filter, or sorted for their order. A full scan without a
    /// filter is what an unfiltered query needs, so it is not a problem; `filtered` says
    /// whether the statement filters this table (SQLite's plan does not show filters).
    public func problems(on table: String, filtered: Bool = true) -> [String] {
        var found: [String] = []
        if let root {
            func walk(_ node: Node, parents: [String]) {
                // A filter left after a scan: rows read and thrown away (a full scan, or an index
                // that covers only part of the predicates).
                if node.relation == table, let filter = node.filter,
                    ["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"].contains(node.type)
                {
                    found.append("\(node.type) on \(table) with Filter: \(filter)")
                }
                if node.type == "Sort", parents.last == "Limit" || parents.contains("Limit") { found.append("Sort feeding a LIMIT") }
                for child in node.children { walk(child, parents: parents + [node.type]) }
            }
            walk(root, parents: [])
        } else {
            for line in details {
                if filtered, line.hasPrefix("SCAN \(table)") || line.hasPrefix("SCAN TABLE \(table)") {
                    if !line.contains("USING COVERING INDEX") && !line.contains("USING INDEX") { found.append(line) }
                }
                if line.contains("USE TEMP B-TREE FOR ORDER BY") { found.append(line) }
            }
        }
        return found
    }

    /// Whether the plan reads through `index` (its name, or HypoPG's `<oid>btree_...`).
    public func uses(index name: String) -> Bool {
        if let root {
            func walk(_ node: Node) -> Bool {
                if let index = node.index, index == name || index.contains(name) { return true }
                return node.children.contains(where: walk)
            }
            return walk(root)
        }
        return details.contains { $0.contains("INDEX \(name)") }
    }

    /// PostgreSQL's `EXPLAIN (FORMAT JSON)` output.
    public static func postgres(json: String) throws -> QueryPlan {
        guard let array = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]],
            let plan = array.first?["Plan"] as? [String: Any]
        else { throw DatabaseError(code: "", message: "unexpected EXPLAIN output") }
        func node(_ object: [String: Any]) -> Node {
            Node(
                type: object["Node Type"] as? String ?? "?", relation: object["Relation Name"] as? String,
                index: object["Index Name"] as? String, filter: object["Filter"] as? String,
                cost: (object["Total Cost"] as? NSNumber)?.doubleValue ?? 0, rows: (object["Plan Rows"] as? NSNumber)?.doubleValue ?? 0,
                actualMilliseconds: (object["Actual Total Time"] as? NSNumber)?.doubleValue,
                children: (object["Plans"] as? [[String: Any]] ?? []).map(node))
        }
        return QueryPlan(root: node(plan), details: [])
    }

    /// SQLite's `EXPLAIN QUERY PLAN` rows (id, parent, notused, detail). `SCAN TABLE t` of
    /// older versions reads as `SCAN t`.
    public static func sqlite(rows: [[String?]]) -> QueryPlan {
        let details = rows.compactMap { $0.last ?? nil }.map { line in
            line.replacingOccurrences(of: "SCAN TABLE ", with: "SCAN ").replacingOccurrences(of: "SEARCH TABLE ", with: "SEARCH ")
        }
        return QueryPlan(root: nil, details: details)
    }

    /// One line a person reads: the PostgreSQL node types, or SQLite's details.
    public var summary: String {
        guard let root else { return details.joined(separator: "; ") }
        var parts: [String] = []
        func walk(_ node: Node) {
            parts.append(node.type + (node.relation.map { " on \($0)" } ?? "") + (node.index.map { " using \($0)" } ?? ""))
            node.children.forEach(walk)
        }
        walk(root)
        return parts.joined(separator: " → ") + (root.actualMilliseconds.map { ", measured \(($0 * 1000).rounded() / 1000) ms" } ?? "")
    }
}
