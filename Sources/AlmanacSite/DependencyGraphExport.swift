import AlmanacAnalysis
import AlmanacModel
import Graphviz

/// The dependency graph for `almanac graph`: the same DOT as the site's `graph.dot`, or its SVG.
public enum DependencyGraphExport {
    /// The whole graph as DOT: one cluster per category, every edge with evidence and source.
    public static func dot(_ analysis: Analyzer.Result) -> String {
        DependencyGraphDOT(graph: analysis.graph, services: analysis.index.services).machine()
    }

    /// The whole graph as a standalone SVG. One layout per process is reproducible even with
    /// clusters (the `dot` command works the same way), and this is the only layout the command makes.
    public static func svg(_ analysis: Analyzer.Result) throws -> String {
        try GraphvizRenderer.svg(dot: DependencyGraphDOT(graph: analysis.graph, services: analysis.index.services)
            .machine(styled: true))
    }
}
