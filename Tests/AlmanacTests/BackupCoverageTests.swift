@testable import AlmanacAnalysis
import AlmanacModel
import AlmanacScan
import Foundation
import Testing

/// Backup coverage rules of each tool, and the gap check, on a small inline repo.
@Suite struct BackupCoverageTests {
    static let repo = """
    -- k3s/backup/policies.yaml --
    apiVersion: velero.io/v1
    kind: Schedule
    metadata: {name: daily, namespace: velero}
    spec:
      schedule: "0 3 * * *"
      template:
        includedNamespaces: [alpha, "del*"]
        defaultVolumesToFsBackup: true
        ttl: 720h0m0s
    ---
    apiVersion: velero.io/v1
    kind: Schedule
    metadata: {name: gold, namespace: velero}
    spec:
      schedule: "15 * * * *"
      template:
        includedNamespaces: ["*"]
        excludedNamespaces: [gamma]
        labelSelector:
          matchLabels: {tier: gold}
        ttl: 48h0m0s
    ---
    apiVersion: longhorn.io/v1beta2
    kind: RecurringJob
    metadata: {name: critical-backup, namespace: longhorn-system}
    spec: {task: backup, cron: "30 2 * * *", retain: 14, groups: [critical]}
    ---
    apiVersion: longhorn.io/v1beta2
    kind: RecurringJob
    metadata: {name: hourly-snap, namespace: longhorn-system}
    spec: {task: snapshot, cron: "0 * * * *", retain: 24, groups: []}
    ---
    apiVersion: longhorn.io/v1beta2
    kind: RecurringJob
    metadata: {name: nightly, namespace: longhorn-system}
    spec: {task: backup, cron: "0 1 * * *", retain: 7, groups: [default]}
    -- k3s/apps/alpha/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: alpha, namespace: alpha}
    spec:
      template:
        metadata:
          annotations: {backup.velero.io/backup-volumes-excludes: cache}
        spec:
          containers: [{name: alpha, image: "alpha:1"}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: alpha-data}}
            - {name: cache, persistentVolumeClaim: {claimName: alpha-cache}}
    -- k3s/apps/alpha/pvc.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: alpha-data, namespace: alpha}
    spec: {storageClassName: local-path, accessModes: [ReadWriteOnce], resources: {requests: {storage: 10Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: alpha-cache, namespace: alpha}
    spec: {storageClassName: local-path, accessModes: [ReadWriteOnce], resources: {requests: {storage: 5Gi}}}
    -- k3s/apps/beta/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: beta, namespace: beta}
    spec:
      template:
        metadata:
          labels: {tier: gold}
          annotations: {backup.velero.io/backup-volumes: "db, uploads"}
        spec:
          containers: [{name: beta, image: "beta:1"}]
          volumes:
            - {name: db, persistentVolumeClaim: {claimName: beta-db}}
            - {name: other, persistentVolumeClaim: {claimName: beta-other}}
            - {name: tmp, emptyDir: {}}
            - {name: tty, hostPath: {path: /dev/ttyUSB0}}
    -- k3s/apps/beta/pvc.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: beta-db, namespace: beta}
    spec: {storageClassName: local-path, resources: {requests: {storage: 2Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: beta-other, namespace: beta}
    spec: {storageClassName: local-path, resources: {requests: {storage: 1Gi}}}
    -- k3s/apps/gamma/statefulset.yaml --
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: gamma, namespace: gamma}
    spec:
      template:
        spec:
          containers: [{name: gamma, image: "gamma:1"}]
      volumeClaimTemplates:
        - metadata:
            name: db
            labels:
              recurring-job.longhorn.io/source: enabled
              recurring-job-group.longhorn.io/critical: enabled
          spec: {storageClassName: longhorn, resources: {requests: {storage: 20Gi}}}
        - metadata:
            name: snap
            labels:
              recurring-job.longhorn.io/source: enabled
              recurring-job.longhorn.io/hourly-snap: enabled
          spec: {storageClassName: longhorn, resources: {requests: {storage: 4Gi}}}
        - metadata:
            name: nosource
            labels:
              recurring-job-group.longhorn.io/critical: enabled
          spec: {storageClassName: longhorn, resources: {requests: {storage: 3Gi}}}
    -- k3s/apps/delta/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: delta, namespace: delta}
    spec:
      template:
        spec:
          containers: [{name: delta, image: "delta:1"}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: delta-data}}
            - {name: media, persistentVolumeClaim: {claimName: delta-media}}
            - {name: zigbee, hostPath: {path: /srv/zigbee}}
    -- k3s/apps/delta/pvc.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: delta-data, namespace: delta}
    spec: {storageClassName: local-path, resources: {requests: {storage: 8Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: delta-media, namespace: delta}
    spec: {storageClassName: nfs-media, accessModes: [ReadWriteMany], resources: {requests: {storage: 1Ti}}}
    -- k3s/apps/delta/replicationsource.yaml --
    apiVersion: volsync.backube/v1alpha1
    kind: ReplicationSource
    metadata: {name: delta-data, namespace: delta}
    spec:
      sourcePVC: delta-data
      trigger: {schedule: "0 */6 * * *"}
      restic:
        repository: delta-restic
        retain: {daily: 7, weekly: 4}
    -- k3s/platform/db/pg/cluster.yaml --
    apiVersion: postgresql.cnpg.io/v1
    kind: Cluster
    metadata: {name: pg, namespace: db}
    spec:
      instances: 2
      storage: {size: 30Gi, storageClass: local-path}
      backup:
        retentionPolicy: 14d
        barmanObjectStore:
          destinationPath: s3://pg-backups/
          endpointURL: http://minio.backup.svc.cluster.local:9000
    ---
    apiVersion: postgresql.cnpg.io/v1
    kind: ScheduledBackup
    metadata: {name: pg-daily, namespace: db}
    spec:
      schedule: "0 0 2 * * *"
      cluster: {name: pg}
    -- k3s/platform/cache/statefulset.yaml --
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: cache
      namespace: db
      annotations: {almanac.dev/exempt-backup: "cache, rebuilt on start"}
    spec:
      template:
        spec:
          containers: [{name: cache, image: "cache:1"}]
      volumeClaimTemplates:
        - metadata: {name: data}
          spec: {storageClassName: local-path, resources: {requests: {storage: 6Gi}}}
    """

    static func inventory() throws -> (BackupInventory, Repository) {
        let fixture = try FixtureRepo(repo)
        defer { fixture.remove() }
        let repository = try RepositoryScanner(root: fixture.root).scan().repository
        return (Analyzer.analyze(repository).backups, repository)
    }

    static func volume(_ inventory: BackupInventory, _ name: String) -> BackupInventory.Volume? {
        inventory.volumes.first { $0.volume.ref.name == name }
    }

    @Test func statesFollowEachToolsRules() throws {
        let (inventory, _) = try Self.inventory()
        let states = Dictionary(uniqueKeysWithValues: inventory.volumes.map { ("\($0.volume.ref.namespace ?? "")/\($0.volume.ref.name)", $0.state) })
        #expect(states == [
            "alpha/alpha-data": .protected,      // namespace alpha, defaultVolumesToFsBackup
            "alpha/alpha-cache": .unprotected,   // excluded by backup-volumes-excludes
            "beta/beta-db": .protected,          // label tier=gold, opted in by backup-volumes
            "beta/beta-other": .unprotected,     // selected pod, but not opted in
            "beta/tmp": .ephemeral,              // emptyDir next to PVCs
            "gamma/db-gamma": .protected,        // Longhorn group critical (gamma excluded from gold)
            "gamma/snap-gamma": .unprotected,    // only an in-cluster snapshot job
            "gamma/nosource-gamma": .protected,  // labels ignored without source → default group
            "delta/delta-data": .protected,      // VolSync sourcePVC
            "delta/delta-media": .external,      // NFS storage class
            "delta/zigbee": .nodeLocal,          // hostPath with data; /dev/ttyUSB0 is not listed
            "db/pg": .protected,                 // CNPG ScheduledBackup
            "db/data-cache": .exempt,
        ])
    }

    @Test func veleroNamespacesLabelsAndVolumeAnnotations() throws {
        let (inventory, _) = try Self.inventory()
        let alpha = try #require(Self.volume(inventory, "alpha-data"))
        #expect(alpha.protections.map(\.policy.ref.name) == ["daily"])
        #expect(alpha.protections[0].reason == "namespace alpha: pod volume 'data' of Deployment/alpha, defaultVolumesToFsBackup")
        #expect(alpha.protections[0].method == "file-system backup")
        #expect(alpha.protections[0].summary == "Velero daily, daily at 03:00, kept 30 days")
        let cache = try #require(Self.volume(inventory, "alpha-cache"))
        #expect(cache.notes == ["Deployment/alpha excludes volume 'cache' from Velero file-system backup (backup.velero.io/backup-volumes-excludes)."])
        let beta = try #require(Self.volume(inventory, "beta-db"))
        #expect(beta.protections.map(\.reason) == ["all namespaces, labelled tier=gold: pod volume 'db' of Deployment/beta, listed in backup.velero.io/backup-volumes"])
        let delta = try #require(Self.volume(inventory, "delta-data"))
        #expect(delta.protections.map(\.reason) == ["namespace pattern del*: pod volume 'data' of Deployment/delta, defaultVolumesToFsBackup",
                                                    "sourcePVC delta-data"])
        // gamma is excluded from gold and not in daily: only Longhorn reaches it.
        #expect(Self.volume(inventory, "db-gamma")?.protections.map(\.policy.ref.name) == ["critical-backup"])
    }

    @Test func veleroNamespaceMatching() {
        func schedule(_ included: [String], _ excluded: [String] = []) -> BackupPolicy {
            BackupPolicy(ref: ObjectRef(apiVersion: "velero.io/v1", kind: "Schedule", name: "s", namespace: "velero",
                                        location: SourceLocation(path: "s.yaml")),
                         mechanism: .velero, includedNamespaces: included, excludedNamespaces: excluded)
        }
        #expect(BackupCoverage.veleroNamespaceReason(schedule([]), namespace: "x") == "all namespaces")
        #expect(BackupCoverage.veleroNamespaceReason(schedule(["*"], ["kube-*"]), namespace: "kube-system") == nil)
        #expect(BackupCoverage.veleroNamespaceReason(schedule(["media-*"]), namespace: "media-streaming") == "namespace pattern media-*")
        #expect(BackupCoverage.veleroNamespaceReason(schedule(["apps"]), namespace: "apps") == "namespace apps")
        #expect(BackupCoverage.veleroNamespaceReason(schedule(["apps"]), namespace: "apps-2") == nil)
        #expect(BackupCoverage.veleroNamespaceReason(schedule(["apps"]), namespace: nil) == nil)
    }

    @Test func longhornGroupsJobsAndTheDefaultGroup() throws {
        let (inventory, _) = try Self.inventory()
        let db = try #require(Self.volume(inventory, "db-gamma"))
        #expect(db.protections.first?.reason == "group critical")
        let snap = try #require(Self.volume(inventory, "snap-gamma"))
        #expect(snap.protections.map(\.reason) == ["label recurring-job.longhorn.io/hourly-snap"])
        #expect(snap.protections.first?.isBackup == false)
        #expect(snap.protections.first?.destination == "the volume's own replicas")
        let nosource = try #require(Self.volume(inventory, "nosource-gamma"))
        #expect(nosource.protections.first?.reason == "group default (volumes without job labels)")
        #expect(nosource.notes == ["The PVC carries Longhorn recurring-job labels but not `recurring-job.longhorn.io/source: enabled`, so Longhorn never copies them onto the volume."])
    }

    @Test func volsyncAndCloudNativePG() throws {
        let (inventory, _) = try Self.inventory()
        let delta = try #require(Self.volume(inventory, "delta-data"))
        #expect(delta.protections.filter { $0.policy.mechanism == .volsync }.map(\.summary) == ["VolSync delta-data, every 6 hours, kept 7 daily, 4 weekly"])
        #expect(delta.protections.last?.destination == "restic repository from Secret delta-restic")
        let pg = try #require(Self.volume(inventory, "pg"))
        #expect(pg.protections.map(\.summary) == ["CloudNativePG pg-daily, daily at 02:00, kept 14 days"])
        #expect(pg.protections.first?.method == "base backup + continuous WAL archiving")
        #expect(pg.protections.first?.destination == "s3://pg-backups/ at http://minio.backup.svc.cluster.local:9000")
    }

    @Test func gapCheckReportsEachUnexcusedVolumeAtItsSource() throws {
        let (inventory, _) = try Self.inventory()
        let findings = inventory.findings.sorted()
        #expect(findings.map(\.id) == Array(repeating: "backup.stateful-without-backup", count: 4))
        #expect(findings.map { "\($0.location!.path):\($0.location!.line)" } == [
            "k3s/apps/alpha/pvc.yaml:6", "k3s/apps/beta/pvc.yaml:6", "k3s/apps/delta/deployment.yaml:1",
            "k3s/apps/gamma/statefulset.yaml:15",
        ])
        #expect(findings[0] == Diagnostic(
            id: "backup.stateful-without-backup", severity: .warning,
            location: SourceLocation(path: "k3s/apps/alpha/pvc.yaml", line: 6, column: 1),
            message: "PersistentVolumeClaim 'alpha-cache' (5Gi, local-path) of alpha has no backup",
            note: "no Velero schedule selects its pods' volumes, no Longhorn recurring job, VolSync ReplicationSource or CloudNativePG backup covers it: add one, or annotate the workload or PVC with almanac.dev/exempt-backup: \"<reason>\""))
        #expect(findings[2].message == "hostPath volume 'zigbee' (/srv/zigbee) of Deployment/delta of delta keeps data on one node and has no backup")
        #expect(findings[3].note?.hasPrefix("Longhorn hourly-snap only takes in-cluster snapshots; ") == true)
    }

    @Test func exemptionsAndTotals() throws {
        let (inventory, _) = try Self.inventory()
        #expect(Self.volume(inventory, "data-cache")?.exemption == "cache, rebuilt on start")
        let gib = 1_073_741_824.0
        // alpha-data 10 + beta-db 2 + db-gamma 20 + nosource 3 + delta-data 8 + pg 30
        #expect(inventory.totals.bytes(.protected) == 73 * gib)
        #expect(inventory.totals.bytes(.unprotected) == 10 * gib)   // alpha-cache 5 + beta-other 1 + snap 4
        #expect(inventory.totals.bytes(.exempt) == 6 * gib)
        #expect(inventory.totals.bytes(.external) == 1024 * gib)
        #expect(inventory.totals.count(.nodeLocal) == 1)
        #expect(inventory.isProtected(serviceID: "k3s/apps/alpha") == false)
        #expect(inventory.isProtected(serviceID: "k3s/apps/delta") == false)   // the hostPath
        #expect(inventory.isProtected(serviceID: "k3s/platform/cache") == true)
        #expect(inventory.isProtected(serviceID: "k3s/platform/db/pg") == true)
    }
}
