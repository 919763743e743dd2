import AlmanacModel

/// How an ApplicationSet renders `{{…}}`: Argo CD's legacy fasttemplate or Go templates.
struct ApplicationSetTemplating: Sendable {
    var goTemplate: Bool
    /// `goTemplateOptions: ["missingkey=error"]`.
    var missingKeyError: Bool

    /// One string rendered with a param set, or the text as written plus what went wrong.
    func render(_ text: String, params: ApplicationSetParam.Set) -> (text: String, error: String?) {
        guard text.contains("{{") else { return (text, nil) }
        guard goTemplate else { return (renderLegacy(text, params: params), nil) }
        do {
            return (try GoTemplate.render(text, data: .map(params.mapValues(GoTemplate.Value.init)),
                                          missingKeyError: missingKeyError), nil)
        } catch {
            switch error {
            case .unsupported: return (text, nil)  // a construct we do not evaluate: show it as written
            case .error(let message): return (text, message)
            }
        }
    }

    /// Every string scalar of `tree` rendered; keys are not templated, as in Argo CD.
    func render(_ tree: YAMLTree, params: ApplicationSetParam.Set, diagnostics: inout [Diagnostic]) -> YAMLTree {
        var errors: [Diagnostic] = []
        let rendered = tree.mapScalars { text, location in
            let result = render(text, params: params)
            if let error = result.error {
                errors.append(Diagnostic(id: ApplicationSetExpander.templateError, severity: .note, location: location,
                                         message: "template '\(text)' cannot be rendered: \(error)"))
            }
            return result.text
        }
        diagnostics += errors
        return rendered
    }

    /// fasttemplate: `{{name}}` or `{{ name }}` replaced when the param exists, else kept as written.
    private func renderLegacy(_ text: String, params: ApplicationSetParam.Set) -> String {
        var output = ""
        var rest = text[...]
        while let open = rest.literalRange(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.literalRange(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let tag = afterOpen[..<close.lowerBound]
            if case .string(let value)? = params[tag.trimmingWhitespace()] {
                output += value
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = afterOpen[close.upperBound...]
        }
        return output + rest
    }
}

private extension Substring {
    func literalRange(of needle: String) -> Range<Substring.Index>? {
        var start = startIndex
        while start < endIndex {
            if self[start...].hasPrefix(needle) { return start..<index(start, offsetBy: needle.count) }
            start = index(after: start)
        }
        return nil
    }
}
