@testable import AlmanacAnalysis
@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// VolSync kopia, the CloudNativePG barman-cloud plugin, k8up and kopiur, on a small inline repo.
@Suite struct BackupOperatorTests {
    static let repo = """
    -- k3s/apps/notes/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: notes, namespace: notes}
    spec:
      template:
        spec:
          containers: [{name: notes, image: "notes:1"}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: notes-data}}
            - {name: mirror, persistentVolumeClaim: {claimName: notes-mirror}}
    -- k3s/apps/notes/storage.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: notes-data, namespace: notes}
    spec: {resources: {requests: {storage: 2Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: notes-mirror, namespace: notes}
    spec: {resources: {requests: {storage: 1Gi}}}
    ---
    apiVersion: volsync.backube/v1alpha1
    kind: ReplicationSource
    metadata: {name: notes, namespace: notes}
    spec:
      sourcePVC: notes-data
      trigger: {schedule: "0 * * * *"}
      kopia:
        repository: notes-volsync-secret
        retain: {hourly: 24, daily: 7}
    ---
    apiVersion: volsync.backube/v1alpha1
    kind: ReplicationSource
    metadata: {name: notes-mirror, namespace: notes}
    spec:
      sourcePVC: notes-mirror
      trigger: {schedule: "*/5 * * * *"}
      rsyncTLS: {address: backup.example.com}
    -- k3s/platform/pg/cluster.yaml --
    apiVersion: postgresql.cnpg.io/v1
    kind: Cluster
    metadata: {name: pg, namespace: db}
    spec:
      instances: 2
      storage: {size: 10Gi}
      plugins:
        - name: barman-cloud.cloudnative-pg.io
          isWALArchiver: true
          parameters:
            barmanObjectName: minio-store
    ---
    apiVersion: barmancloud.cnpg.io/v1
    kind: ObjectStore
    metadata: {name: minio-store, namespace: db}
    spec:
      retentionPolicy: 14d
      configuration:
        destinationPath: s3://pg/
        endpointURL: http://minio.backup.svc:9000
    ---
    apiVersion: postgresql.cnpg.io/v1
    kind: ScheduledBackup
    metadata: {name: pg-nightly, namespace: db}
    spec:
      schedule: "0 0 3 * * *"
      method: plugin
      pluginConfiguration: {name: barman-cloud.cloudnative-pg.io}
      cluster: {name: pg}
    -- k3s/apps/wiki/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: wiki, namespace: wiki}
    spec:
      template:
        spec:
          containers: [{name: wiki, image: "wiki:1"}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: wiki-data}}
            - {name: cache, persistentVolumeClaim: {claimName: wiki-cache}}
    -- k3s/apps/wiki/storage.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: wiki-data, namespace: wiki}
    spec: {resources: {requests: {storage: 5Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: wiki-cache
      namespace: wiki
      annotations:
        k8up.io/backup: "false"
    spec: {resources: {requests: {storage: 1Gi}}}
    ---
    apiVersion: k8up.io/v1
    kind: Schedule
    metadata: {name: wiki-backup, namespace: wiki}
    spec:
      backend:
        repoPasswordSecretRef: {name: k8up-repo, key: password}
        s3: {endpoint: "http://minio.backup.svc:9000", bucket: wiki}
      backup: {schedule: "0 2 * * *"}
      prune:
        schedule: "0 4 * * 0"
        retention: {keepLast: 5, keepDaily: 14}
    -- k3s/apps/photos/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: photos, namespace: photos}
    spec:
      template:
        spec:
          containers: [{name: photos, image: "photos:1"}]
          volumes:
            - {name: data, persistentVolumeClaim: {claimName: photos-data}}
            - {name: thumbs, persistentVolumeClaim: {claimName: photos-thumbs}}
    -- k3s/apps/photos/storage.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: photos-data, namespace: photos}
    spec: {resources: {requests: {storage: 50Gi}}}
    ---
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata: {name: photos-thumbs, namespace: photos, labels: {backup: kopia}}
    spec: {resources: {requests: {storage: 3Gi}}}
    ---
    apiVersion: kopiur.home-operations.com/v1alpha1
    kind: SnapshotPolicy
    metadata: {name: photos, namespace: photos}
    spec:
      repository: {kind: ClusterRepository, name: nas}
      retention: {keepDaily: 7, keepWeekly: 4}
      sources:
        - pvc: {name: photos-data}
        - pvcSelector: {matchLabels: {backup: kopia}}
    ---
    apiVersion: kopiur.home-operations.com/v1alpha1
    kind: SnapshotSchedule
    metadata: {name: photos-nightly, namespace: photos}
    spec:
      policyRef: {name: photos}
      schedule: {cron: "30 1 * * *"}
    """

    static func inventory() throws -> BackupInventory {
        let fixture = try FixtureRepo(repo)
        defer { fixture.remove() }
        return Analyzer.analyze(try RepositoryScanner(root: fixture.root).scan().repository).backups
    }

    static func volume(_ inventory: BackupInventory, _ name: String) throws -> BackupInventory.Volume {
        try #require(inventory.volumes.first { $0.volume.ref.name == name })
    }

    @Test func statesFollowEachToolsRules() throws {
        let inventory = try Self.inventory()
        let states = Dictionary(uniqueKeysWithValues: inventory.volumes.map { ("\($0.volume.ref.namespace ?? "")/\($0.volume.ref.name)", $0.state) })
        #expect(states == [
            "notes/notes-data": .protected,       // VolSync kopia
            "notes/notes-mirror": .unprotected,   // VolSync rsyncTLS replicates, keeps no history
            "db/pg": .protected,                  // ScheduledBackup through the barman-cloud plugin
            "wiki/wiki-data": .protected,         // k8up backs up its namespace
            "wiki/wiki-cache": .unprotected,      // opted out with k8up.io/backup: "false"
            "photos/photos-data": .protected,     // kopiur source pvc
            "photos/photos-thumbs": .protected,   // kopiur pvcSelector
        ])
    }

    @Test func volsyncKopiaIsABackupAndRsyncIsNot() throws {
        let inventory = try Self.inventory()
        let data = try Self.volume(inventory, "notes-data")
        #expect(data.protections.map(\.summary) == ["VolSync notes, every hour, kept 24 hourly, 7 daily"])
        #expect(data.protections.first?.destination == "kopia repository from Secret notes-volsync-secret")
        let mirror = try Self.volume(inventory, "notes-mirror")
        #expect(mirror.protections.map { "\($0.method) \($0.isBackup)" } == ["rsyncTLS false"])
        let restore = try #require(inventory.recovery.stages.flatMap(\.entries).flatMap(\.restores).first { $0.volume == "notes-data" })
        #expect(restore.command.contains("  kopia:\n    repository: notes-volsync-secret\n    destinationPVC: notes-data\n    copyMethod: Direct\n    sourceIdentity:\n      sourceName: notes\n"))
    }

    @Test func cloudNativePGPluginTakesTheObjectStoresRetentionAndDestination() throws {
        let inventory = try Self.inventory()
        let pg = try Self.volume(inventory, "pg")
        #expect(pg.protections.map(\.summary) == ["CloudNativePG pg-nightly, daily at 03:00, kept 14 days"])
        #expect(pg.protections.first?.method == "base backup + continuous WAL archiving")
        #expect(pg.protections.first?.destination == "s3://pg/ at http://minio.backup.svc:9000")
        let cluster = try #require(inventory.policies.first { $0.policy.ref.kind == "Cluster" })
        #expect(cluster.policy.store == "minio-store")
        #expect(cluster.retentionWords == "14 days")
        #expect(cluster.volumeCount == 1)
        let restore = try #require(inventory.recovery.stages.flatMap(\.entries).flatMap(\.restores).first { $0.volume == "pg" })
        #expect(restore.command.contains("""
              externalClusters:
                - name: pg-archive
                  plugin:
                    name: barman-cloud.cloudnative-pg.io
                    parameters:
                      barmanObjectName: minio-store
                      serverName: pg
            """))
    }

    @Test func k8upBacksUpItsNamespaceExceptOptedOutClaims() throws {
        let inventory = try Self.inventory()
        let data = try Self.volume(inventory, "wiki-data")
        #expect(data.protections.map(\.summary) == ["k8up wiki-backup, daily at 02:00, kept last 5, 14 daily"])
        #expect(data.protections.first?.reason == "namespace wiki")
        #expect(data.protections.first?.destination == "restic repository s3://wiki at http://minio.backup.svc:9000")
        let cache = try Self.volume(inventory, "wiki-cache")
        #expect(cache.protections.isEmpty)
        #expect(cache.notes == ["The PVC opts out of k8up Schedule wiki-backup (`k8up.io/backup: \"false\"`)."])
        let restore = try #require(inventory.recovery.stages.flatMap(\.entries).flatMap(\.restores).first { $0.volume == "wiki-data" })
        #expect(restore.mechanism == .k8up)
        #expect(restore.command.contains("kind: Restore\nmetadata:\n  name: wiki-data-restore\n  namespace: wiki\n"))
    }

    @Test func kopiurPoliciesRunOnTheirSchedule() throws {
        let inventory = try Self.inventory()
        let data = try Self.volume(inventory, "photos-data")
        #expect(data.protections.map(\.summary) == ["kopiur photos, daily at 01:30, kept 7 daily, 4 weekly"])
        #expect(data.protections.first?.reason == "source pvc photos-data, SnapshotSchedule photos-nightly")
        #expect(data.protections.first?.destination == "kopia repository ClusterRepository/nas")
        #expect(try Self.volume(inventory, "photos-thumbs").protections.first?.reason == "pvcSelector backup=kopia, SnapshotSchedule photos-nightly")
        // The schedule is folded into its policy rather than listed as a policy of its own.
        #expect(inventory.policies.filter { $0.policy.mechanism == .kopiur }.map { "\($0.policy.ref.name) \($0.volumeCount) \($0.policy.schedule ?? "-")" }
                == ["photos 2 30 1 * * *"])
    }

    @Test func aKopiurPolicyWithoutScheduleProtectsNothing() throws {
        let unscheduled = Self.repo.components(separatedBy: "---\napiVersion: kopiur.home-operations.com/v1alpha1\nkind: SnapshotSchedule")[0]
        let fixture = try FixtureRepo(unscheduled)
        defer { fixture.remove() }
        let inventory = Analyzer.analyze(try RepositoryScanner(root: fixture.root).scan().repository).backups
        let data = try Self.volume(inventory, "photos-data")
        #expect(data.state == .unprotected)
        #expect(data.notes == ["kopiur SnapshotPolicy photos has no SnapshotSchedule, so it only runs when a Snapshot is created by hand."])
    }
}
