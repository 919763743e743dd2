import Foundation

/// The default templates and assets that ship with Almanac, as a resource bundle.
public enum SiteTemplates {
    /// Folder holding the `*.mustache` templates.
    public static var templatesDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("templates")
    }

    /// Folder holding the static assets (CSS, JS, icons) copied into every site.
    public static var assetsDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("assets")
    }
}
