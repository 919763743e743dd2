import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the dependency graph pages; nil hides it.
    var graphNavItems: [NavItem] { [] }

    /// The dependency graph pages.
    func graphPages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-graph`).
    func graphServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
