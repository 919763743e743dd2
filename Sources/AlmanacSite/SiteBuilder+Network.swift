import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the network topology pages; nil hides it.
    var networkNavItems: [NavItem] { [] }

    /// The network topology pages.
    func networkPages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-network`).
    func networkServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
