import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the scorecard and environments pages; nil hides it.
    var scorecardNavItems: [NavItem] { [] }

    /// The scorecard and environments pages.
    func scorecardPages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-scorecard`).
    func scorecardServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
