/// GitHub-style heading anchors: lower case, punctuation dropped, spaces to hyphens.
public enum Slug {
    public static func make(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "-" || character == "_" {
                result.append(character)
            } else if character == " " {
                result.append("-")
            }
        }
        return result.isEmpty ? "section" : result
    }
}

/// Hands out unique slugs within one page: `setup`, `setup-1`, `setup-2`.
public struct SlugRegistry: Sendable {
    private var used: [String: Int] = [:]

    public init() {}

    public mutating func unique(_ slug: String) -> String {
        guard let count = used[slug] else {
            used[slug] = 0
            return slug
        }
        var next = count + 1
        while used["\(slug)-\(next)"] != nil { next += 1 }
        used[slug] = next
        used["\(slug)-\(next)"] = 0
        return "\(slug)-\(next)"
    }
}
