import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entry for the search page and index; nil hides it.
    var searchNavItems: [NavItem] { [] }

    /// The search page and index.
    func searchPages(indexing pages: [Page]) throws -> [Page] { [] }
}
