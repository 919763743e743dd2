@preconcurrency import CGraphviz
import Foundation

/// How large a graph Graphviz is asked to lay out. Layout time grows much faster than the graph
/// (a random graph of 400 nodes and 800 edges, or the complete graph on 50 nodes, takes dot more
/// than a minute), so graphs above these counts are not laid out at all, whoever made them: the
/// repo's diagrams (the scan reports them as `docs.diagram-too-large`) and the graphs Almanac draws
/// itself (their pages then show the lists without the picture). Diagrams from the repo are also
/// laid out in a worker process with a time and a memory limit (`DocsDiagramRenderer`), since a
/// small graph can still take a layout engine a long time or all the memory (`minlen=100000000`).
public enum GraphvizLimits {
    /// Nodes a graph may have, subgraphs' nodes counted once.
    public static let maxNodes = 1_000
    /// Edges a graph may have.
    public static let maxEdges = 2_000
    /// Address space a worker process may use (`RLIMIT_AS`): Graphviz fails inside it instead of
    /// running the machine out of memory.
    public static let workerMemoryBytes = 1 << 30

    /// The nodes and edges of a graph, as Graphviz's own parser reads the DOT text.
    public struct Size: Equatable, Sendable {
        public var nodes: Int
        public var edges: Int

        public init(nodes: Int, edges: Int) {
            self.nodes = nodes
            self.edges = edges
        }

        public var isTooLarge: Bool { nodes > GraphvizLimits.maxNodes || edges > GraphvizLimits.maxEdges }

        /// "1,204 nodes and 3,000 edges (the limit is 1,000 nodes and 2,000 edges)".
        public var description: String {
            "\(nodes.formatted()) nodes and \(edges.formatted()) edges (the limit is "
                + "\(GraphvizLimits.maxNodes.formatted()) nodes and \(GraphvizLimits.maxEdges.formatted()) edges)"
        }
    }
}

extension GraphvizRenderer {
    /// The languages of Markdown code blocks that are Graphviz diagrams (```` ```dot ````).
    public static let fenceLanguages: Set<String> = ["dot", "graphviz", "gv"]

    /// Parses `dot` without laying it out: its size, or nil when it is not DOT Graphviz reads.
    public static func measure(dot: String) -> GraphvizLimits.Size? {
        withGraph(named(dot)) { graph in GraphvizLimits.Size(nodes: Int(agnnodes(graph)), edges: Int(agnedges(graph))) }
    }
}
