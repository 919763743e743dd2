@testable import AlmanacAnalysis
import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing
import Yams

/// The one label selector: each operator, Cilium key prefixes, Velero `orLabelSelectors`, and the
/// scorecard and `network.missing-policy` agreeing about the same pods.
@Suite struct LabelSelectorTests {
    typealias Requirement = LabelSelector.Requirement
    static let pod = [KeyValue("app", "db"), KeyValue("tier", "gold")]

    /// Reads a selector mapping the way the scanner does.
    static func selector(_ yaml: String) throws -> LabelSelector {
        let node = try #require(try Yams.compose(yaml: yaml, .basic))
        return ManifestDecoder.labelSelector(YAMLNode(node, lineOffset: 0))
    }

    @Test func matchLabelsNeedsEveryPair() {
        #expect(LabelSelector(matchLabels: [KeyValue("app", "db")]).matches(Self.pod))
        #expect(LabelSelector(matchLabels: [KeyValue("app", "db"), KeyValue("tier", "gold")]).matches(Self.pod))
        #expect(!LabelSelector(matchLabels: [KeyValue("app", "db"), KeyValue("tier", "bronze")]).matches(Self.pod))
        #expect(!LabelSelector(matchLabels: [KeyValue("zone", "a")]).matches(Self.pod))
    }

    @Test func anEmptySelectorMatchesEverything() {
        #expect(LabelSelector().isEmpty)
        #expect(LabelSelector().matches(Self.pod))
        #expect(LabelSelector().matches([]))
    }

    @Test func inOperator() {
        #expect(Requirement(key: "tier", operator: .in, values: ["gold", "silver"]).matches(Self.pod))
        #expect(!Requirement(key: "tier", operator: .in, values: ["bronze"]).matches(Self.pod))
        #expect(!Requirement(key: "zone", operator: .in, values: ["a"]).matches(Self.pod))
    }

    @Test func notInOperatorAlsoMatchesAnAbsentKey() {
        #expect(!Requirement(key: "tier", operator: .notIn, values: ["gold"]).matches(Self.pod))
        #expect(Requirement(key: "tier", operator: .notIn, values: ["bronze"]).matches(Self.pod))
        #expect(Requirement(key: "zone", operator: .notIn, values: ["a"]).matches(Self.pod))
    }

    @Test func existsAndDoesNotExist() {
        #expect(Requirement(key: "app", operator: .exists).matches(Self.pod))
        #expect(!Requirement(key: "zone", operator: .exists).matches(Self.pod))
        #expect(Requirement(key: "zone", operator: .doesNotExist).matches(Self.pod))
        #expect(!Requirement(key: "app", operator: .doesNotExist).matches(Self.pod))
    }

    @Test func anUnknownOperatorMatchesNothing() throws {
        let selector = try Self.selector("matchExpressions: [{key: app, operator: Equals, values: [db]}]")
        #expect(selector.matchExpressions == [Requirement(key: "app", operator: nil, values: ["db"])])
        #expect(!selector.matches(Self.pod))
    }

    @Test func labelsAndExpressionsMustAllHold() throws {
        let selector = try Self.selector("""
        matchLabels: {app: db}
        matchExpressions:
          - {key: tier, operator: In, values: [gold, silver]}
          - {key: canary, operator: DoesNotExist}
        """)
        #expect(selector == LabelSelector(matchLabels: [KeyValue("app", "db")], matchExpressions: [
            Requirement(key: "tier", operator: .in, values: ["gold", "silver"]),
            Requirement(key: "canary", operator: .doesNotExist),
        ]))
        #expect(selector.matches(Self.pod))
        #expect(!selector.matches(Self.pod + [KeyValue("canary", "true")]))
        #expect(selector.description() == "app=db, tier in (gold, silver), !canary")
    }

    @Test func ciliumSourcePrefixesAreDropped() throws {
        let selector = try Self.selector("""
        matchLabels: {"k8s:app": db, "any:tier": gold}
        matchExpressions: [{key: "k8s:zone", operator: DoesNotExist}]
        """)
        #expect(selector.matchLabels == [KeyValue("app", "db"), KeyValue("tier", "gold")])
        #expect(selector.matchExpressions == [Requirement(key: "zone", operator: .doesNotExist)])
        #expect(selector.matches(Self.pod))
    }

    @Test func veleroOrLabelSelectorsTakeAnyAlternative() throws {
        let (repository, _, _) = try ScorecardFixtures.analyze("""
        -- backup/schedule.yaml --
        apiVersion: velero.io/v1
        kind: Schedule
        metadata: {name: either, namespace: velero}
        spec:
          schedule: "0 3 * * *"
          template:
            orLabelSelectors:
              - matchLabels: {tier: gold}
              - matchExpressions: [{key: app, operator: In, values: [db, cache]}]
        """)
        let policy = try #require(repository.backups.first)
        #expect(policy.labelSelector.isEmpty)
        #expect(policy.orLabelSelectors == [
            LabelSelector(matchLabels: [KeyValue("tier", "gold")]),
            LabelSelector(matchExpressions: [Requirement(key: "app", operator: .in, values: ["db", "cache"])]),
        ])
        #expect(policy.hasLabelSelection)
        #expect(policy.selects([KeyValue("tier", "gold")]))
        #expect(policy.selects([KeyValue("app", "cache")]))
        #expect(!policy.selects([KeyValue("app", "web"), KeyValue("tier", "bronze")]))
        #expect(policy.selectionDescription == "labelled tier=gold or app in (db, cache)")
        #expect(!BackupPolicy(ref: policy.ref, mechanism: .velero).hasLabelSelection)
        #expect(BackupPolicy(ref: policy.ref, mechanism: .velero).selects([]))
    }

    /// A CiliumNetworkPolicy selecting `k8s:app` and a NetworkPolicy selecting by expression: the
    /// scorecard cell and `network.missing-policy` both see each service as covered.
    @Test func scorecardAndMissingPolicyCheckAgree() throws {
        typealias F = ScorecardFixtures
        let (_, result, diagnostics) = try F.analyze("""
        -- apps/cilium-app/deployment.yaml --
        \(F.workload("cilium-app", labels: ["app: cilium-app"]))
        -- apps/cilium-app/policy.yaml --
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: cilium-app, namespace: web}
        spec:
          endpointSelector:
            matchLabels:
              k8s:app: cilium-app
          ingress:
            - fromEndpoints: [{matchLabels: {"k8s:app": traefik}}]
        -- apps/expr-app/deployment.yaml --
        \(F.workload("expr-app"))
        -- apps/expr-app/policy.yaml --
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: expr-app, namespace: web}
        spec:
          podSelector:
            matchExpressions:
              - {key: app.kubernetes.io/name, operator: In, values: [expr-app, other]}
          policyTypes: [Ingress]
        -- apps/bare/deployment.yaml --
        \(F.workload("bare"))
        """)
        #expect(F.cell(result, "apps/cilium-app", .networkPolicy)?.status == .pass)
        #expect(F.cell(result, "apps/cilium-app", .networkPolicy)?.detail == "CiliumNetworkPolicy/cilium-app")
        #expect(F.cell(result, "apps/expr-app", .networkPolicy)?.status == .pass)
        #expect(F.cell(result, "apps/expr-app", .networkPolicy)?.detail == "NetworkPolicy/expr-app")
        #expect(F.cell(result, "apps/bare", .networkPolicy)?.status == .fail)
        #expect(result.network.isCovered(serviceID: "apps/cilium-app") == true)
        #expect(result.network.isCovered(serviceID: "apps/expr-app") == true)
        #expect(result.network.isCovered(serviceID: "apps/bare") == false)
        #expect(result.network.coverage["apps/cilium-app"]?.allowedFrom == ["endpoints app=traefik"])
        #expect(diagnostics.filter { $0.id == "network.missing-policy" }.map(\.location?.path) == ["apps/bare/deployment.yaml"])
    }
}
