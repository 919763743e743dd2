import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the backup inventory and disaster-recovery pages; nil hides it.
    var backupsNavItems: [NavItem] { [] }

    /// The backup inventory and disaster-recovery pages.
    func backupsPages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-backups`).
    func backupsServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
