import AlmanacAnalysis
import AlmanacModel
import Graphviz

/// The dependency graph for `almanac graph`: the same DOT as the site's `graph.dot`, or its SVG.
public enum DependencyGraphExport {
    /// The whole graph as DOT: one cluster per category, every edge with evidence and source.
    public static func dot(_ analysis: Analyzer.Result) -> String {
        DependencyGraphDOT(graph: analysis.graph, services: analysis.index.services).machine()
    }

    /// The whole graph as a standalone SVG, coloured by tier. Laid out without clusters: through
    /// the library, clustered layouts differ from run to run (even one per process), and the
    /// output must be the same for the same repo.
    public static func svg(_ analysis: Analyzer.Result) throws -> String {
        try GraphvizRenderer.svg(dot: DependencyGraphDOT(graph: analysis.graph, services: analysis.index.services)
            .machine(styled: true, clustered: false))
    }
}
