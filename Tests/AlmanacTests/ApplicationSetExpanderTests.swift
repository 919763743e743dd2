@testable import AlmanacModel
@testable import AlmanacScan
import Testing
import Yams

/// A repository in memory: its files with their text; directories are derived from the paths.
private func context(_ files: [String: String], extraDirectories: [String] = []) -> ApplicationSetExpander.Context {
    let paths = Array(files.keys)
    var directories = Set(extraDirectories)
    for path in paths {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            directories.insert(parts.joined(separator: "/"))
            parts = parts.dropLast()
        }
    }
    let listed = Array(directories)
    return ApplicationSetExpander.Context(
        isThisRepo: { $0.hasSuffix("example/home-ops.git") || $0.hasSuffix("example/home-ops") },
        directories: { listed },
        files: { paths },
        readYAML: { path in
            YAMLDocumentSplitter.split(files[path] ?? "").compactMap { chunk in
                (try? Yams.compose(yaml: chunk.text)).flatMap { $0 }.map {
                    YAMLTree(node: $0, path: path, lineOffset: chunk.firstLine - 1)
                }
            }
        })
}

private func document(_ text: String, path: String = "argocd/appset.yaml") -> YAMLTree {
    YAMLTree(node: try! Yams.compose(yaml: text)!, path: path, lineOffset: 0)
}

private func expand(_ yaml: String, _ repo: ApplicationSetExpander.Context = context([:])) -> ApplicationSetExpander.Result {
    ApplicationSetExpander.expand(document(yaml), context: repo)
}

private func names(_ result: ApplicationSetExpander.Result) -> [String?] {
    result.applications.map { $0[path: "metadata", "name"]?.string }
}

private func values(_ result: ApplicationSetExpander.Result, _ keys: String...) -> [String?] {
    result.applications.map { $0.value(at: keys)?.string }
}

@Suite struct ApplicationSetExpanderListTests {
    @Test func legacyTemplateWithAndWithoutSpaces() {
        let result = expand("""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: guestbook, namespace: argocd}
            spec:
              generators:
                - list:
                    elements:
                      - {cluster: engineering-dev, url: https://1.2.3.4, values: {env: dev}}
                      - {cluster: engineering-prod, url: https://2.4.6.8, values: {env: prod}}
              template:
                metadata:
                  name: '{{cluster}}-guestbook'
                spec:
                  project: '{{ values.env }}'
                  source: {repoURL: https://github.com/example/home-ops.git, path: 'apps/{{cluster}}/{{unknown}}'}
                  destination: {server: '{{url}}', namespace: guestbook}
            """)
        #expect(names(result) == ["engineering-dev-guestbook", "engineering-prod-guestbook"])
        #expect(values(result, "spec", "project") == ["dev", "prod"])
        #expect(values(result, "spec", "destination", "server") == ["https://1.2.3.4", "https://2.4.6.8"])
        #expect(values(result, "spec", "destination", "namespace") == ["guestbook", "guestbook"])
        #expect(values(result, "spec", "source", "path") == ["apps/engineering-dev/{{unknown}}", "apps/engineering-prod/{{unknown}}"])
        #expect(values(result, "apiVersion") == ["argoproj.io/v1alpha1", "argoproj.io/v1alpha1"])
        #expect(values(result, "kind") == ["Application", "Application"])
        #expect(values(result, "metadata", "namespace") == ["argocd", "argocd"])
        #expect(result.diagnostics == [])
    }

    @Test func goTemplatePipelinesAndIndex() {
        let result = expand("""
            metadata: {name: apps, namespace: argocd}
            spec:
              goTemplate: true
              goTemplateOptions: ["missingkey=error"]
              generators:
                - list:
                    elements:
                      - {name: My_Service, tags: [a, b], env: ""}
              template:
                metadata:
                  name: '{{ .name | lower | replace "_" "-" }}'
                  namespace: argocd
                  labels:
                    env: '{{ .env | default "dev" }}'
                    tag: '{{index .tags 1}}'
                    short: '{{ .name | trunc 4 | upper }}'
                    slug: '{{ slugify .name }}'
                    norm: '{{ normalize .name }}'
                    quoted: '{{ .name | quote }}'
                    branch: '{{- if eq .env "" }}none{{ else }}{{ .env }}{{- end }}'
                    loop: '{{ range .tags }}{{ . }}{{ end }}'
                spec:
                  destination: {namespace: '{{.name}}'}
            """)
        let labels = result.applications.first?[path: "metadata", "labels"]
        #expect(names(result) == ["my-service"])
        #expect(labels?["env"]?.string == "dev")
        #expect(labels?["tag"]?.string == "b")
        #expect(labels?["short"]?.string == "MY_S")
        #expect(labels?["slug"]?.string == "my-service")
        #expect(labels?["norm"]?.string == "my-service")
        #expect(labels?["quoted"]?.string == "\"My_Service\"")
        #expect(labels?["branch"]?.string == "none")
        #expect(labels?["loop"]?.string == "{{ range .tags }}{{ . }}{{ end }}")
        #expect(values(result, "spec", "destination", "namespace") == ["My_Service"])
        #expect(result.diagnostics == [])
    }

    @Test func missingKeyErrorIsReportedAndTextKept() {
        let result = expand("""
            spec:
              goTemplate: true
              goTemplateOptions: ["missingkey=error"]
              generators:
                - list: {elements: [{name: a}]}
              template:
                metadata:
                  name: '{{.name}}-{{.cluster}}'
                spec: {}
            """)
        #expect(names(result) == ["{{.name}}-{{.cluster}}"])
        #expect(result.diagnostics == [Diagnostic(
            id: "gitops.template-error", severity: .note,
            location: SourceLocation(path: "argocd/appset.yaml", line: 8, column: 13),
            message: "template '{{.name}}-{{.cluster}}' cannot be rendered: map has no entry for key \"cluster\"")])
    }

    @Test func missingKeyWithoutOptionPrintsNoValue() {
        let result = expand("""
            spec:
              goTemplate: true
              generators: [{list: {elements: [{name: a}]}}]
              template: {metadata: {name: '{{.name}}-{{.cluster}}'}, spec: {}}
            """)
        #expect(names(result) == ["a-<no value>"])
    }

    @Test func elementsYaml() {
        let result = expand("""
            spec:
              goTemplate: true
              generators:
                - list:
                    elementsYaml: |
                      - name: one
                      - name: two
              template: {metadata: {name: '{{.name}}'}, spec: {}}
            """)
        #expect(names(result) == ["one", "two"])
    }

    @Test func perGeneratorTemplateOverridesMain() {
        let result = expand("""
            spec:
              generators:
                - list:
                    elements: [{name: a}]
                    template:
                      metadata: {}
                      spec: {project: special, destination: {namespace: ""}}
                - list: {elements: [{name: b}]}
              template:
                metadata: {name: '{{name}}'}
                spec: {project: default, destination: {namespace: '{{name}}-ns'}}
            """)
        #expect(names(result) == ["a", "b"])
        #expect(values(result, "spec", "project") == ["special", "default"])
        #expect(values(result, "spec", "destination", "namespace") == ["a-ns", "b-ns"])
    }

    @Test func applicationsKeepTheApplicationSetsLocations() {
        let result = expand("""
            spec:
              generators:
                - list: {elements: [{name: a}]}
              template:
                metadata:
                  name: 'app-{{name}}'
                spec:
                  project: default
            """)
        let app = result.applications[0]
        #expect(app.location == SourceLocation(path: "argocd/appset.yaml", line: 5, column: 5))
        #expect(app[path: "metadata", "name"]?.location == SourceLocation(path: "argocd/appset.yaml", line: 6, column: 13))
        #expect(app[path: "spec", "project"]?.location == SourceLocation(path: "argocd/appset.yaml", line: 8, column: 16))
        #expect(app["kind"]?.location == app.location)
    }
}

@Suite struct ApplicationSetExpanderGitTests {
    private let repo = context([
        "apps/alpha/kustomization.yaml": "", "apps/beta/kustomization.yaml": "", "apps/My_App/kustomization.yaml": "",
        "apps/remote/x/kustomization.yaml": "", "apps/remote/y/kustomization.yaml": "",
        "apps/.hidden/kustomization.yaml": "", "infra/cert-manager/kustomization.yaml": "",
        "clusters/prod/config.json": #"{"cluster": {"name": "prod", "address": "https://10.0.0.1"}, "tier": "gold"}"#,
        "clusters/eu/west/config.json": "cluster:\n  name: eu-west\n  address: https://10.0.0.2\ntier: silver\n",
        "clusters/prod/notes.txt": "",
    ])

    @Test func directoriesWithExclude() {
        let result = expand("""
            spec:
              generators:
                - git:
                    repoURL: https://github.com/example/home-ops.git
                    revision: HEAD
                    directories:
                      - path: apps/*
                      - path: apps/*/*
                      - path: apps/remote/*
                        exclude: true
                      - path: apps/remote
                        exclude: true
              template:
                metadata: {name: '{{path.basename}}'}
                spec:
                  source: {path: '{{path}}'}
                  destination: {namespace: '{{path.basenameNormalized}}', name: '{{path[0]}}'}
            """, repo)
        #expect(names(result) == ["My_App", "alpha", "beta"])
        #expect(values(result, "spec", "source", "path") == ["apps/My_App", "apps/alpha", "apps/beta"])
        #expect(values(result, "spec", "destination", "namespace") == ["my-app", "alpha", "beta"])
        #expect(values(result, "spec", "destination", "name") == ["apps", "apps", "apps"])
        #expect(result.diagnostics == [])
    }

    @Test func legacyValuesAreRenderedWithThePathParams() {
        let result = expand("""
            spec:
              generators:
                - git:
                    repoURL: https://github.com/example/home-ops.git
                    directories: [{path: infra/*}]
                    values: {namespace: 'infra-{{path.basename}}', unknown: '{{nope}}'}
              template:
                metadata: {name: '{{path.basename}}'}
                spec: {destination: {namespace: '{{values.namespace}}', name: '{{values.unknown}}'}}
            """, repo)
        #expect(values(result, "spec", "destination", "namespace") == ["infra-cert-manager"])
        #expect(values(result, "spec", "destination", "name") == ["{{nope}}"])
    }

    @Test func starMatchesTopLevelDirectoriesOnly() {
        let result = expand("""
            spec:
              generators:
                - git: {repoURL: https://github.com/example/home-ops, directories: [{path: '*'}]}
              template: {metadata: {name: '{{path}}'}, spec: {}}
            """, repo)
        #expect(names(result) == ["apps", "clusters", "infra"])
    }

    @Test func directoriesInGoTemplateWithPrefixAndValues() {
        let result = expand("""
            spec:
              goTemplate: true
              generators:
                - git:
                    repoURL: https://github.com/example/home-ops.git
                    directories: [{path: 'infra/*'}]
                    pathParamPrefix: infra
                    values:
                      cluster: 'main-{{ .infra.path.basename }}'
              template:
                metadata: {name: '{{.infra.path.basename}}'}
                spec:
                  source: {path: '{{.infra.path.path}}'}
                  destination: {namespace: '{{index .infra.path.segments 0}}', name: '{{.values.cluster}}'}
            """, repo)
        #expect(names(result) == ["cert-manager"])
        #expect(values(result, "spec", "source", "path") == ["infra/cert-manager"])
        #expect(values(result, "spec", "destination", "namespace") == ["infra"])
        #expect(values(result, "spec", "destination", "name") == ["main-cert-manager"])
    }

    @Test func filesAreGreedyAndFlattenedInLegacyMode() {
        let result = expand("""
            spec:
              generators:
                - git:
                    repoURL: https://github.com/example/home-ops.git
                    files: [{path: 'clusters/*/config.json'}]
              template:
                metadata: {name: '{{cluster.name}}-{{path.basename}}'}
                spec:
                  project: '{{tier}}'
                  source: {path: '{{path}}/{{path.filename}}'}
                  destination: {server: '{{cluster.address}}'}
            """, repo)
        #expect(names(result) == ["eu-west-west", "prod-prod"])
        #expect(values(result, "spec", "project") == ["silver", "gold"])
        #expect(values(result, "spec", "source", "path") == ["clusters/eu/west/config.json", "clusters/prod/config.json"])
        #expect(values(result, "spec", "destination", "server") == ["https://10.0.0.2", "https://10.0.0.1"])
    }

    @Test func filesAreNestedInGoTemplateMode() {
        let result = expand("""
            spec:
              goTemplate: true
              generators:
                - git:
                    repoURL: https://github.com/example/home-ops.git
                    files: [{path: 'clusters/prod/*.json'}]
              template:
                metadata: {name: '{{.cluster.name}}-{{.path.filenameNormalized}}'}
                spec: {}
            """, repo)
        #expect(names(result) == ["prod-config.json"])
    }

    @Test func fileListsGiveOneParamSetPerItemAndOnlyTheFirstDocumentCounts() {
        let files = context(["envs.yaml": "- {env: dev}\n- {env: prod}\n---\n- {env: ignored}\n"])
        let result = expand("""
            spec:
              generators:
                - git: {repoURL: https://github.com/example/home-ops.git, files: [{path: '*.yaml'}]}
              template: {metadata: {name: '{{env}}-{{path}}-{{path.filename}}'}, spec: {}}
            """, files)
        #expect(names(result) == ["dev-.-envs.yaml", "prod-.-envs.yaml"])
    }

    @Test func otherRepositoriesAreNotExpanded() {
        let result = expand("""
            spec:
              generators:
                - git:
                    repoURL: https://github.com/someone/else.git
                    directories: [{path: '*'}]
              template: {metadata: {name: '{{path.basename}}'}, spec: {}}
            """, repo)
        #expect(result.applications.isEmpty)
        #expect(result.diagnostics == [Diagnostic(
            id: "gitops.external-source", severity: .note,
            location: SourceLocation(path: "argocd/appset.yaml", line: 4, column: 18),
            message: "git generator reads https://github.com/someone/else.git, not this repository")])
    }
}

@Suite struct ApplicationSetExpanderCombinationTests {
    private let repo = context(["apps/alpha/a.yaml": "", "apps/beta/b.yaml": ""])

    @Test func matrixOfDirectoriesAndList() {
        let result = expand("""
            metadata: {name: envs, namespace: argocd}
            spec:
              generators:
                - matrix:
                    generators:
                      - git:
                          repoURL: https://github.com/example/home-ops.git
                          directories: [{path: apps/*}]
                      - list:
                          elements:
                            - {env: dev, ns: '{{path.basename}}-dev'}
                            - {env: prod, ns: '{{path.basename}}'}
              template:
                metadata: {name: '{{path.basename}}-{{env}}'}
                spec:
                  source: {path: '{{path}}/overlays/{{env}}'}
                  destination: {namespace: '{{ns}}'}
            """, repo)
        #expect(names(result) == ["alpha-dev", "alpha-prod", "beta-dev", "beta-prod"])
        #expect(values(result, "spec", "destination", "namespace") == ["alpha-dev", "alpha", "beta-dev", "beta"])
        #expect(values(result, "spec", "source", "path")
            == ["apps/alpha/overlays/dev", "apps/alpha/overlays/prod", "apps/beta/overlays/dev", "apps/beta/overlays/prod"])
        #expect(values(result, "metadata", "namespace") == ["argocd", "argocd", "argocd", "argocd"])
    }

    @Test func matrixInGoTemplateMode() {
        let result = expand("""
            spec:
              goTemplate: true
              generators:
                - matrix:
                    generators:
                      - clusters: {}
                      - git:
                          repoURL: https://github.com/example/home-ops.git
                          directories: [{path: apps/*}]
              template:
                metadata: {name: '{{.name}}-{{.path.basename}}'}
                spec: {destination: {server: '{{.server}}'}}
            """, repo)
        #expect(names(result) == ["in-cluster-alpha", "in-cluster-beta"])
        #expect(values(result, "spec", "destination", "server") == ["https://kubernetes.default.svc", "https://kubernetes.default.svc"])
    }

    @Test func matrixOfTwoGitChildrenWithoutPrefixIsNoted() {
        let result = expand("""
            spec:
              generators:
                - matrix:
                    generators:
                      - git: {repoURL: https://github.com/example/home-ops.git, directories: [{path: apps/alpha}]}
                      - git: {repoURL: https://github.com/example/home-ops.git, directories: [{path: apps/beta}]}
              template: {metadata: {name: '{{path.basename}}'}, spec: {}}
            """, repo)
        #expect(names(result) == ["beta"])
        #expect(result.diagnostics.map(\.message) == [
            "matrix children both set param 'path' with different values; Argo CD rejects this",
            "matrix children both set param 'path.basename' with different values; Argo CD rejects this",
            "matrix children both set param 'path.basenameNormalized' with different values; Argo CD rejects this",
            "matrix children both set param 'path[1]' with different values; Argo CD rejects this",
        ])
    }

    @Test func mergeOverridesMatchingBaseItems() {
        let result = expand("""
            spec:
              generators:
                - merge:
                    mergeKeys: [server]
                    generators:
                      - list:
                          elements:
                            - {server: https://a, name: a, kafka: 'false'}
                            - {server: https://b, name: b, kafka: 'false'}
                      - list:
                          elements:
                            - {server: https://b, kafka: 'true'}
                            - {server: https://c, kafka: 'true'}
              template:
                metadata: {name: '{{name}}-kafka-{{kafka}}'}
                spec: {}
            """)
        #expect(names(result) == ["a-kafka-false", "b-kafka-true"])
    }

    @Test func generatorsThatNeedAClusterOrAnAPIAreNoted() {
        let result = expand("""
            spec:
              generators:
                - pullRequest:
                    github: {owner: example, repo: home-ops}
                - list: {elements: [{name: a}]}
                - plugin: {configMapRef: {name: p}}
              template: {metadata: {name: '{{name}}'}, spec: {}}
            """)
        #expect(names(result) == ["a"])
        #expect(result.diagnostics == [
            Diagnostic(id: "gitops.generator-unsupported", severity: .note,
                       location: SourceLocation(path: "argocd/appset.yaml", line: 3, column: 7),
                       message: "generator pullRequest cannot be expanded statically"),
            Diagnostic(id: "gitops.generator-unsupported", severity: .note,
                       location: SourceLocation(path: "argocd/appset.yaml", line: 6, column: 7),
                       message: "generator plugin cannot be expanded statically"),
        ])
    }
}

@Suite struct ApplicationSetExpanderTemplatingTests {
    private let params: ApplicationSetParam.Set = ["name": .string("web"), "path": .map(["segments": .list([.string("apps")])])]

    @Test func everyPrefixOfTrickyTemplatesIsHandled() {
        let text = #"{{- if eq .name "web" -}} x {{ else if .nope }} y {{ end }}{{ index .path.segments 0 | printf "%s-%q" .name }}{{ (lower "A") }}{{"#
        let go = ApplicationSetTemplating(goTemplate: true, missingKeyError: true)
        let legacy = ApplicationSetTemplating(goTemplate: false, missingKeyError: false)
        for length in 0...text.count {
            let prefix = String(text.prefix(length))
            _ = go.render(prefix, params: params)
            _ = legacy.render(prefix, params: params)
        }
        #expect(go.render(text.dropLast(2) + "", params: params).text == #"x web-"apps"a"#)
    }

    @Test func legacyKeepsUnknownAndEmptyTags() {
        let legacy = ApplicationSetTemplating(goTemplate: false, missingKeyError: false)
        #expect(legacy.render("{{name}}-{{}}-{{ other }}-{{name", params: ["name": .string("web")]).text == "web-{{}}-{{ other }}-{{name")
    }
}

@Suite struct ApplicationSetExpanderGlobTests {
    @Test func pathMatchDoesNotCrossSlashes() {
        #expect(GlobPattern.matches("apps/*", "apps/a", crossesSlash: false))
        #expect(!GlobPattern.matches("apps/*", "apps/a/b", crossesSlash: false))
        #expect(GlobPattern.matches("apps/[a-c]?", "apps/b1", crossesSlash: false))
        #expect(!GlobPattern.matches("apps/[^a-c]*", "apps/b1", crossesSlash: false))
    }

    @Test func gitPathspecIsGreedy() {
        #expect(GlobPattern.matches("a/*/values.yaml", "a/b/c/values.yaml", crossesSlash: true))
        #expect(!GlobPattern.matches("a/*/values.yaml", "a/values.yaml", crossesSlash: true))
    }
}
