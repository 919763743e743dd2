@testable import AlmanacAnalysis
import AlmanacModel
import AlmanacScan
import Foundation

/// Small builders for scorecard fixtures: one workload per call, written out in full YAML.
enum ScorecardFixtures {
    /// A Deployment (or other kind) with the recommended name label, resources, and an optional port.
    static func workload(_ name: String, namespace: String = "web", kind: String = "Deployment",
                         annotations: [String] = [], labels: [String]? = nil, port: (String, Int)? = ("http", 8080),
                         resources: Bool = true, volumes: [String] = [], hostNetwork: Bool = false,
                         extraContainers: [String] = []) -> String {
        let labelLines = (labels ?? ["app.kubernetes.io/name: \(name)"]).map { "    \($0)" }
        var lines = ["apiVersion: apps/v1", "kind: \(kind)", "metadata:", "  name: \(name)", "  namespace: \(namespace)",
                     "  labels:"] + labelLines
        if !annotations.isEmpty { lines += ["  annotations:"] + annotations.map { "    \($0)" } }
        let pod = kind == "CronJob" ? "    " : ""
        if kind == "CronJob" {
            lines += ["spec:", "  schedule: \"0 3 * * *\"", "  jobTemplate:", "    spec:", "      template:"]
        } else {
            lines += ["spec:", "  template:"]
        }
        lines += ["\(pod)    metadata:", "\(pod)      labels:"] + labelLines.map { "\(pod)    \($0)" }
        lines += ["\(pod)    spec:"]
        if hostNetwork { lines.append("\(pod)      hostNetwork: true") }
        lines += ["\(pod)      containers:", "\(pod)        - name: \(name)", "\(pod)          image: example/\(name):1.0"]
        if let (portName, number) = port {
            lines += ["\(pod)          ports:", "\(pod)            - name: \(portName)", "\(pod)              containerPort: \(number)"]
        }
        if resources {
            lines += ["\(pod)          resources:", "\(pod)            requests: {cpu: 10m, memory: 64Mi}",
                      "\(pod)            limits: {memory: 128Mi}"]
        }
        lines += extraContainers.map { "\(pod)\($0)" }
        if !volumes.isEmpty { lines += ["\(pod)      volumes:"] + volumes.map { "\(pod)        \($0)" } }
        return lines.joined(separator: "\n")
    }

    static func service(_ name: String, namespace: String = "web", port: (String, Int) = ("http", 8080)) -> String {
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          selector:
            app.kubernetes.io/name: \(name)
          ports:
            - name: \(port.0)
              port: \(port.1)
        """
    }

    static func policy(_ name: String, namespace: String = "web", selector: String? = nil) -> String {
        let select = selector.map { "\n    matchLabels:\n      \($0)" } ?? " {}"
        return """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          podSelector:\(select)
          policyTypes: [Ingress]
        """
    }

    /// Scans and analyzes a fixture repo.
    static func analyze(_ text: String) throws -> (Repository, Analyzer.Result, [Diagnostic]) {
        let repo = try FixtureRepo(text)
        defer { repo.remove() }
        let output = try RepositoryScanner(root: repo.root).scan()
        let result = Analyzer.analyze(output.repository)
        return (output.repository, result, output.diagnostics + result.findings)
    }

    static func cell(_ result: Analyzer.Result, _ service: String, _ rule: ScorecardRule) -> Scorecard.Cell? {
        result.scorecard.row(serviceID: service)?.cell(rule)
    }
}
