@testable import AlmanacAnalysis
import AlmanacModel
import AlmanacScan
import Foundation
import Testing

/// The backup inventory and recovery plan of content/, against the plan in its roster.
@Suite(.serialized) struct BackupContentTests {
    static let analysis: Analyzer.Result = {
        let repository = try! RepositoryScanner(root: SampleSiteTests.content).scan().repository
        return Analyzer.analyze(repository)
    }()

    static let gib = 1_073_741_824.0

    @Test func totalsMatchAHandCount() {
        let totals = Self.analysis.backups.totals
        // App volumes in daily-apps namespaces (GiB), by category:
        let communication = 1.0 + 2 + 20 + 1                      // gotify, mailpit, matrix-synapse, ntfy
        let devTools = 5.0 + 20 + 100 + 50                        // act-runner, code-server, docker-registry, gitea
        let documents = 5.0 + 10 + 50 + 5                         // docuseal, paperless-ngx data/media/consume
        let finance = 2.0 + 2                                     // actual-budget, firefly-iii
        let gaming = 10.0 + 20                                    // factorio, minecraft
        let homeAutomation = 5.0 + 1 + 200 + 10 + 1 + 2 + 1 + 1   // esphome, frigate ×2, HA, mosquitto, node-red, z2m, zwave
        let acquisition = 2.0 + 5 + 2 + 2 + 2 + 5 + 5 + 5 + 2     // bazarr lidarr overseerr prowlarr qbit radarr readarr sonarr sabnzbd
        let management = 1.0 + 2 + 2 + 5 + 1                      // calibre-web kavita komga tdarr ×2
        let streaming = 1.0 + 10 + 20 + 2 + 50 + 2                // audiobookshelf ×2, jellyfin, navidrome, plex, tautulli
        let networking = 1.0 + 5 + 2 + 1 + 5 + 1                  // adguard ×2, smokeping, speedtest, unifi, wg-easy
        let photos = 250.0 + 10 + 100 + 20                        // immich, immich-ml, photoprism ×2
        let productivity = 5.0 + 5 + 5 + 2 + 5 + 10 + 200 + 5 + 5 // bookstack freshrss hedgedoc linkding mealie nextcloud ×2 vikunja wallabag
        let webPublic = 10.0                                      // ghost
        let security = 1.0 + 100.0 / 1024 + 5                     // crowdsec db + config (100Mi), vaultwarden
        // Platform volumes with the critical label / CNPG:
        let platform = 20.0 + 20 + 10 + 20 + 5 + 2 + 5 + 2        // influxdb mariadb mongodb postgresql redis alertmanager grafana uptime-kuma
        let protected = communication + devTools + documents + finance + gaming + homeAutomation + acquisition
            + management + streaming + networking + photos + productivity + webPublic + security + platform
        #expect(totals.bytes(.protected) == protected * Self.gib)
        #expect(totals.count(.protected) == 75)
        #expect(totals.bytes(.unprotected) == 10 * Self.gib)      // open-webui
        #expect(totals.count(.unprotected) == 1)
        #expect(totals.bytes(.exempt) == (100 + 1024 + 1024 + 20 + 50) * Self.gib) // ollama, minio ×2, loki, prometheus
        #expect(totals.bytes(.external) == 3 * 10 * 1024 * Self.gib)  // the nfs-media claims of three namespaces
        #expect(totals.count(.nodeLocal) == 0)                    // every hostPath is a device or a system path
    }

    @Test func rosterExemptionsAndMechanisms() {
        let volumes = Self.analysis.backups.volumes
        func names(_ state: BackupInventory.Volume.State) -> [String] {
            volumes.filter { $0.state == state }.map { "\($0.volume.ref.namespace!)/\($0.volume.ref.name)" }.sorted()
        }
        #expect(names(.unprotected) == ["ai/open-webui-data"])
        #expect(names(.exempt) == ["ai/ollama-models", "platform-backup/data0-minio", "platform-backup/data1-minio",
                                   "platform-observability/data-prometheus", "platform-observability/storage-loki"])
        #expect(names(.external) == ["media-acquisition/media", "media-management/media", "media-streaming/media"])
        func policies(_ name: String) -> [String] {
            volumes.first { $0.volume.ref.name == name }!.protections.map(\.policy.ref.name).sorted()
        }
        #expect(policies("grafana-data") == ["critical-backup", "critical-snapshot", "hourly-critical"])
        #expect(policies("data-mariadb") == ["critical-backup", "critical-snapshot", "hourly-critical"])
        #expect(policies("postgresql") == ["postgresql-daily"])
        #expect(policies("vaultwarden-data") == ["daily-apps", "vaultwarden-data"])
        #expect(policies("home-assistant-config") == ["daily-apps", "home-assistant"])
        #expect(policies("sonarr-config") == ["daily-apps"])
        let ollama = volumes.first { $0.volume.ref.name == "ollama-models" }!
        #expect(ollama.exemption == "Models are re-downloadable from the Ollama library; 100 GiB is not worth backing up")
    }

    @Test func policiesInWords() {
        let policies = Dictionary(uniqueKeysWithValues: Self.analysis.backups.policies.map { ($0.policy.ref.name, $0) })
        #expect(policies["daily-apps"]?.scheduleWords == "daily at 03:00")
        #expect(policies["daily-apps"]?.retentionWords == "30 days")
        #expect(policies["daily-apps"]?.destination == "s3://velero at http://minio.platform-backup.svc.cluster.local:9000 (location default)")
        #expect(policies["hourly-critical"]?.scheduleWords == "every hour at :15")
        #expect(policies["hourly-critical"]?.retentionWords == "2 days")
        #expect(policies["critical-backup"]?.destination == "s3://longhorn-backups@us-east-1/")
        #expect(policies["critical-snapshot"]?.destination == "the volume's own replicas")
        #expect(policies["postgresql-daily"]?.scheduleWords == "daily at 02:00")
        #expect(policies["postgresql-daily"]?.retentionWords == "30 days")
        #expect(policies["vaultwarden-data"]?.scheduleWords == "every 6 hours at :15")
        #expect(policies["vaultwarden-data"]?.retentionWords == "6 hourly, 7 daily, 4 weekly, 6 monthly")
    }

    @Test func recoveryPlanStartsFromBootstrapAndFollowsTiers() {
        let plan = Self.analysis.backups.recovery
        #expect(plan.bootstrapFolder == "bootstrap/argocd")
        #expect(plan.bootstrapReadme == "bootstrap/argocd/README.md")
        #expect(plan.runbooks == ["docs/operations/runbooks/disaster-recovery.md"])
        #expect(plan.stages.map(\.title) == ["Bootstrap", "Tier 0 · core", "Shared configuration", "Backup infrastructure",
                                             "Tier 1 · platform", "Tier 2 · apps"])
        let names = { (stage: RecoveryPlan.Stage) in stage.entries.map { $0.serviceID.split(separator: "/").last.map(String.init)! } }
        #expect(names(plan.stages[0]) == ["argocd"])
        #expect(Set(names(plan.stages[3])) == ["minio", "velero", "volsync", "cloudnative-pg"])
        #expect(plan.stages[2].folders == ["k3s/shared-config/backup-policies", "k3s/shared-config/ingress-routes",
                                           "k3s/shared-config/network-policies", "k3s/shared-config/secrets"])
        #expect(plan.stages.map { $0.entries.count }.reduce(0, +) == Self.analysis.index.services.count)
        let vaultwarden = plan.stages[4].entries.first { $0.serviceID.hasSuffix("/vaultwarden") }!
        // VolSync every 6 hours is fresher than Velero's nightly copy, so it comes first.
        #expect(vaultwarden.restores.map(\.policy) == ["vaultwarden-data", "daily-apps"])
        #expect(vaultwarden.restores.map(\.isAlternative) == [false, true])
        let nextcloud = plan.stages[5].entries.first { $0.serviceID.hasSuffix("/nextcloud") }!
        #expect(nextcloud.restores.map(\.volume) == ["nextcloud-html, nextcloud-data"])
        #expect(nextcloud.restores.first?.command == """
            velero restore create --from-schedule daily-apps \\
              --include-namespaces productivity \\
              --selector app.kubernetes.io/instance=nextcloud --wait
            velero restore get   # then: velero restore describe <name> --details
            """)
        let openWebUI = plan.stages[5].entries.first { $0.serviceID.hasSuffix("/open-webui") }!
        #expect(openWebUI.startsEmpty.map(\.why) == ["no backup: starts empty"])
        let postgres = plan.stages[4].entries.first { $0.serviceID.hasSuffix("/postgresql") }!
        #expect(postgres.runbooks == ["docs/operations/runbooks/disaster-recovery.md", "docs/operations/runbooks/postgresql-failover.md"])
    }
}
