import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the ADR, runbook and alert pages; nil hides it.
    var knowledgeNavItems: [NavItem] { [] }

    /// The ADR, runbook and alert pages.
    func knowledgePages() throws -> [Page] { [] }

    /// Values this section adds to a service page (rendered by `partials/service-knowledge`).
    func knowledgeServiceContext(_ service: Service, page: String) -> [String: Any] { [:] }
}
