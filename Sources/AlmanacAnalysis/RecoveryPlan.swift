import Foundation
import AlmanacModel

/// The disaster-recovery plan: stages in the order to bring the repo back (bootstrap, core,
/// shared configuration, backup infrastructure, platform, apps), and for every service what to
/// restore from which backup with the command, the runbooks, and what it needs running first.
public struct RecoveryPlan: Sendable {
    /// One volume restore: where from and how.
    public struct Restore: Sendable {
        public var volume: String
        public var mechanism: BackupPolicy.Mechanism
        public var policy: String
        public var schedule: String?
        public var from: String?
        /// Shell commands (and manifests) to run, ready to paste.
        public var command: String
        /// Another source for volumes an earlier restore of the entry already brings back.
        public var isAlternative = false
    }

    /// One service of a stage.
    public struct Entry: Sendable {
        public var serviceID: String
        /// Restores to run before the service starts, each volume's best source first.
        public var restores: [Restore] = []
        /// Volumes that come back empty, with why (`exempt: …`, `no backup`, `external storage`).
        public var startsEmpty: [(volume: String, why: String)] = []
        /// Runbooks whose front matter `services:` names the service (document paths).
        public var runbooks: [String] = []
        /// Services it needs running first (from the dependency graph), sorted.
        public var dependencies: [String] = []
    }

    public struct Stage: Sendable {
        public var title: String
        public var summary: String
        public var entries: [Entry] = []
        /// GitOps objects that deploy this stage (ArgoCD Applications, Flux Kustomizations).
        public var applications: [GitOpsApp] = []
        /// Folders applied in this stage that hold no service (shared configuration).
        public var folders: [String] = []
    }

    /// The bootstrap folder (`bootstrap/argocd`) and its README, where recovery starts.
    public var bootstrapFolder: String?
    public var bootstrapReadme: String?
    public var stages: [Stage] = []
    /// Runbooks about disaster recovery as a whole.
    public var runbooks: [String] = []
    /// Command-line tools the restores use.
    public var tools: [String] = []
    /// Whether services are ordered by the dependency graph's startup layers (else by taxonomy).
    public var usesStartupLayers = false

    public init() {}

    static func build(_ repository: Repository, _ analysis: Analyzer.Result, volumes: [BackupInventory.Volume],
                      coverage: BackupCoverage) -> RecoveryPlan {
        var plan = RecoveryPlan()
        let services = analysis.index.services
        let layers = analysis.graph.startupLayers
        plan.usesStartupLayers = !layers.isEmpty
        var rank: [String: Int] = [:]
        for (index, layer) in layers.enumerated() { for id in layer where rank[id] == nil { rank[id] = index } }
        func ordered(_ list: [Service]) -> [Service] {
            list.sorted { (rank[$0.id] ?? Int.max, $0.category, $0.name, $0.id) < (rank[$1.id] ?? Int.max, $1.category, $1.name, $1.id) }
        }

        let bootstrap = Self.bootstrapFolder(repository)
        plan.bootstrapFolder = bootstrap
        if let bootstrap {
            plan.bootstrapReadme = repository.documents.map(\.path).sorted()
                .first { $0.hasPrefix(bootstrap + "/") && $0.lowercased().hasSuffix("readme.md") }
        }
        let runbooks = repository.documents.filter { $0.kind == .runbook }.sorted { $0.path < $1.path }
        plan.runbooks = runbooks.filter { $0.path.lowercased().contains("disaster") || $0.title.lowercased().contains("disaster") }.map(\.path)

        let volumesByService = Dictionary(grouping: volumes.filter { $0.serviceID != nil }) { $0.serviceID! }
        let infrastructure = Self.backupInfrastructure(repository, volumes: volumes)
        let apps = repository.gitOpsApps.filter { $0.tool == .argoApplication || $0.tool == .fluxKustomization }
            .sorted { ($0.syncWave ?? 0, $0.ref.name) < ($1.syncWave ?? 0, $1.ref.name) }

        func entry(_ service: Service) -> Entry {
            var entry = Entry(serviceID: service.id)
            entry.dependencies = analysis.graph.dependencies(of: service.id)
            entry.runbooks = runbooks.filter { ($0.frontMatter["services"]?.list ?? []).contains(service.name) }.map(\.path)
            for volume in volumesByService[service.id] ?? [] where volume.kind != .emptyDir {
                let name = volume.volume.ref.name
                switch volume.state {
                case .protected:
                    // Freshest copy first; the others are fallbacks.
                    let order: [BackupPolicy.Mechanism] = [.cnpg, .volsync, .kopiur, .k8up, .longhorn, .velero]
                    let backups = volume.protections.filter(\.isBackup).sorted {
                        (CronDescription.approximatePeriod($0.policy.schedule ?? "") ?? Int.max, order.firstIndex(of: $0.policy.mechanism)!)
                            < (CronDescription.approximatePeriod($1.policy.schedule ?? "") ?? Int.max, order.firstIndex(of: $1.policy.mechanism)!)
                    }
                    for (index, protection) in backups.enumerated() {
                        let command = RestoreCommand.command(for: protection, volume: volume, repository: repository)
                        if let same = entry.restores.firstIndex(where: { $0.command == command && $0.policy == protection.policy.ref.name }) {
                            entry.restores[same].volume += ", " + name
                            continue
                        }
                        var restore = Restore(volume: name, mechanism: protection.policy.mechanism,
                                              policy: protection.policy.ref.name, schedule: protection.scheduleWords ?? protection.policy.schedule,
                                              from: protection.destination, command: command)
                        restore.isAlternative = index > 0
                        entry.restores.append(restore)
                    }
                case .exempt: entry.startsEmpty.append((name, "exempt: \(volume.exemption ?? "")"))
                case .external: entry.startsEmpty.append((name, "external storage: reconnects to the file server, nothing to restore"))
                case .unprotected, .nodeLocal: entry.startsEmpty.append((name, "no backup: starts empty"))
                case .ephemeral: break
                }
            }
            return entry
        }
        func applications(for ids: [String], folders: [String] = []) -> [GitOpsApp] {
            apps.filter { app in
                guard let path = app.path?.trimmingSlashes, !path.isEmpty else { return false }
                return (ids + folders).contains { $0 == path || $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }
            }
        }

        var placed = Set<String>()
        func stage(_ title: String, _ summary: String, _ list: [Service], folders: [String] = []) {
            let chosen = ordered(list.filter { !placed.contains($0.id) })
            placed.formUnion(chosen.map(\.id))
            guard !chosen.isEmpty || !folders.isEmpty else { return }
            plan.stages.append(Stage(title: title, summary: summary, entries: chosen.map(entry),
                                     applications: applications(for: chosen.map(\.id), folders: folders), folders: folders))
        }
        if let bootstrap {
            stage("Bootstrap", "Apply the bootstrap folder by hand; it installs the GitOps controller that brings back everything else.",
                  services.filter { $0.id == bootstrap || $0.id.hasPrefix(bootstrap + "/") })
        }
        stage(Tier.core.label, "Core infrastructure: networking, certificates, secrets and storage. Nothing to restore; it comes back from git.",
              services.filter { $0.tier == .core })
        let shared = Self.sharedConfigFolders(repository)
        if !shared.isEmpty {
            stage("Shared configuration", "Cluster-wide policies, routes and secrets that later tiers expect to find.", [], folders: shared)
        }
        stage("Backup infrastructure", "Every later restore reads from these: bring them back, and their data, before restoring anything else.",
              services.filter { infrastructure.contains($0.id) })
        stage(Tier.platform.label, "Databases, security, observability: restore their data before the apps that use them start.",
              services.filter { $0.tier == .platform })
        stage(Tier.apps.label, "Applications: restore each one's data before it starts, so it does not initialise an empty install.",
              services.filter { $0.tier == .apps })

        var tools: Set<String> = ["kubectl"]
        for volume in volumes where volume.state == .protected {
            for protection in volume.protections where protection.isBackup {
                switch protection.policy.mechanism {
                case .velero: tools.insert("velero")
                case .cnpg: tools.insert("kubectl-cnpg")
                case .longhorn, .volsync, .k8up, .kopiur: break
                }
            }
        }
        plan.tools = tools.sorted()
        return plan
    }

    /// The top-level `bootstrap` folder holding a service or manifests (`bootstrap/argocd`).
    static func bootstrapFolder(_ repository: Repository) -> String? {
        let candidates = repository.services.map(\.id).filter { $0 == "bootstrap" || $0.hasPrefix("bootstrap/") }.sorted()
        if let first = candidates.first { return first }
        return repository.files.map(\.path).filter { $0.hasPrefix("bootstrap/") && $0.hasSuffix(".yaml") }.sorted().first
            .map { String($0.split(separator: "/").prefix(2).joined(separator: "/")) }
    }

    /// Subfolders of a `shared-config` folder (or the folder itself), which hold no service.
    static func sharedConfigFolders(_ repository: Repository) -> [String] {
        let folders = sharedConfigCandidates(repository)
        return folders.filter { folder in !folders.contains { $0 != folder && $0.hasPrefix(folder + "/") } }
    }

    private static func sharedConfigCandidates(_ repository: Repository) -> [String] {
        var folders = Set<String>()
        for file in repository.files where file.role == .manifest {
            let parts = file.path.split(separator: "/").map(String.init)
            guard let index = parts.firstIndex(of: "shared-config") else { continue }
            let depth = min(index + 2, parts.count - 1)
            folders.insert(parts.prefix(depth).joined(separator: "/"))
        }
        return folders.sorted()
    }

    /// Services other restores depend on: the stores backups are written to, and the operators
    /// that run them (found by image, so any layout works).
    static func backupInfrastructure(_ repository: Repository, volumes: [BackupInventory.Volume]) -> Set<String> {
        var ids = Set<String>()
        let destinations = Set(volumes.flatMap(\.protections).compactMap(\.destination))
        for destination in destinations {
            for service in repository.kubeServices {
                guard let namespace = service.ref.namespace, let id = service.serviceID else { continue }
                if destination.contains("//\(service.ref.name).\(namespace).svc") || destination.contains("//\(service.ref.name).\(namespace):") {
                    ids.insert(id)
                }
            }
        }
        let operators = ["velero/velero", "backube/volsync", "cloudnative-pg/cloudnative-pg", "cloudnative-pg/plugin-barman-cloud",
                         "longhornio/longhorn-manager", "k8up-io/k8up", "home-operations/kopiur"]
        for workload in repository.workloads {
            guard let id = workload.serviceID else { continue }
            if workload.allContainers.contains(where: { container in operators.contains { container.image.contains($0) } }) {
                ids.insert(id)
            }
        }
        return ids
    }
}

extension String {
    var trimmingSlashes: String {
        var text = Substring(self)
        while text.hasPrefix("./") { text = text.dropFirst(2) }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
