@testable import AlmanacAnalysis
import AlmanacModel
import Testing

struct RetentionDescriptionTests {
    static func policy(_ mechanism: BackupPolicy.Mechanism, _ retention: String, task: String? = nil) -> BackupPolicy {
        BackupPolicy(ref: ObjectRef(apiVersion: "v1", kind: "X", name: "p", namespace: nil, location: SourceLocation(path: "p.yaml")),
                     mechanism: mechanism, retention: retention, task: task)
    }

    @Test(arguments: [
        ("720h0m0s", "30 days"), ("48h0m0s", "2 days"), ("168h", "1 week"), ("336h0m0s", "2 weeks"),
        ("2160h0m0s", "90 days"), ("36h", "36 hours"), ("1h30m0s", "1 hour 30 minutes"), ("90m", "1 hour 30 minutes"), ("45m", "45 minutes"),
        ("24h0m0s", "1 day"),
    ])
    func veleroTTL(_ ttl: String, _ words: String) {
        #expect(RetentionDescription.describe(Self.policy(.velero, ttl)) == words)
    }

    @Test func longhornRetainCountsSnapshotsOrBackups() {
        #expect(RetentionDescription.describe(Self.policy(.longhorn, "keep 24", task: "snapshot")) == "last 24 snapshots")
        #expect(RetentionDescription.describe(Self.policy(.longhorn, "keep 14", task: "backup")) == "last 14 backups")
        #expect(RetentionDescription.describe(Self.policy(.longhorn, "keep 1", task: "backup-force-create")) == "last backup only")
    }

    @Test func volsyncRetainListsEachBucket() {
        #expect(RetentionDescription.describe(Self.policy(.volsync, "hourly 6, daily 7, weekly 4, monthly 6"))
                == "6 hourly, 7 daily, 4 weekly, 6 monthly")
    }

    @Test func cnpgRetentionPolicy() {
        #expect(RetentionDescription.describe(Self.policy(.cnpg, "30d")) == "30 days")
        #expect(RetentionDescription.describe(Self.policy(.cnpg, "4w")) == "4 weeks")
        #expect(RetentionDescription.describe(Self.policy(.cnpg, "6m")) == "6 months")
        #expect(RetentionDescription.describe(Self.policy(.cnpg, "1d")) == "1 day")
    }

    @Test func goDurations() {
        #expect(RetentionDescription.goDuration("720h0m0s") == 2_592_000)
        #expect(RetentionDescription.goDuration("1.5h") == 5400)
        #expect(RetentionDescription.goDuration("10s") == 10)
        #expect(RetentionDescription.goDuration("h") == nil)
        #expect(RetentionDescription.goDuration("30d") == nil)
        #expect(RetentionDescription.goDuration("") == nil)
    }

    @Test func unparsableTextIsKeptAsWritten() {
        #expect(RetentionDescription.describe(Self.policy(.velero, "forever")) == "forever")
        #expect(RetentionDescription.describe(Self.policy(.cnpg, "30 days")) == "30 days")
    }
}
