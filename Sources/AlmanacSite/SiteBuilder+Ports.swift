import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the port registry page; nil hides it.
    var portsNavItems: [NavItem] { [] }

    /// The port registry page.
    func portsPages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-ports`).
    func portsServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
