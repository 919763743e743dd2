import AlmanacAnalysis
import AlmanacModel
import Foundation

extension SiteBuilder {
    /// Navigation entries for the backup inventory and disaster-recovery pages.
    var backupsNavItems: [NavItem] {
        [NavItem(title: "Backups", path: "backups/index.html", section: "backups"),
         NavItem(title: "Recovery", path: "recovery/index.html", section: "recovery")]
    }

    /// The backup inventory and disaster-recovery pages.
    func backupsPages() throws -> [Page] {
        [try backupInventoryPage(), try recoveryPage()]
    }

    /// Values this section adds to a service page (rendered by `partials/service-backups`).
    func backupsServiceContext(_ service: Service, page: String) -> [String: Any] {
        let volumes = analysis.backups.volumes(of: service.id)
        guard !volumes.isEmpty else { return [:] }
        let gaps = volumes.filter(\.state.isGap).count
        return [
            "hasBackupCoverage": true,
            "backupVolumes": volumes.map { backupVolumeContext($0, from: page, withService: false) },
            "backupStatus": gaps == 0 ? "Every volume is protected, exempt, external or ephemeral." :
                "\(gaps) volume\(gaps == 1 ? " has" : "s have") no backup.",
            "hasBackupGap": gaps > 0,
            "backupInventoryURL": SiteURLs.relative(from: page, to: "backups/index.html"),
            "recoveryURL": SiteURLs.relative(from: page, to: "recovery/index.html") + "#svc-\(service.slug)",
        ]
    }

    // MARK: Inventory

    func backupInventoryPage() throws -> Page {
        let page = "backups/index.html"
        let inventory = analysis.backups
        let totals = inventory.totals
        func stat(_ state: BackupInventory.Volume.State, _ label: String) -> [String: Any] {
            let count = totals.count(state)
            return ["label": label, "value": SiteBuilder.formatGiB(totals.bytes(state)), "state": state.rawValue,
                    "detail": "\(count) volume\(count == 1 ? "" : "s")"]
        }
        let stats = [stat(.protected, "protected"), stat(.unprotected, "without backup"), stat(.exempt, "exempt"),
                     stat(.external, "external storage")]
            + (totals.count(.nodeLocal) > 0 ? [stat(.nodeLocal, "hostPath data")] : [])
        let gaps = inventory.volumes.filter(\.state.isGap)
        let exempt = inventory.volumes.filter { $0.state == .exempt }
        let external = inventory.volumes.filter { $0.state == .external }
        let listed = inventory.volumes.filter { $0.kind != .emptyDir }
        let services = Dictionary(uniqueKeysWithValues: repository.services.map { ($0.id, $0) })
        let groups = Dictionary(grouping: listed) { $0.serviceID.flatMap { services[$0]?.category } ?? "(no service)" }
            .sorted { $0.key < $1.key }
            .map { category, volumes -> [String: Any] in
                ["name": category, "anchor": "cat-" + SiteBuilder.anchor(category),
                 "gib": SiteBuilder.formatGiB(volumes.compactMap(\.volume.bytes).reduce(0, +)),
                 "count": volumes.count,
                 "volumes": volumes.map { backupVolumeContext($0, from: page, withService: true) }]
            }
        let scratch = inventory.volumes.filter { $0.kind == .emptyDir }
        let policies: [[String: Any]] = inventory.policies.map { policyContext($0, from: page) }
        var context = layout(page: page, title: "Backup inventory", section: "backups",
                             breadcrumbs: [("Home", "index.html"), ("Backups", nil)])
        context = context.merging([
            "stats": stats,
            "gaps": gaps.map { backupVolumeContext($0, from: page, withService: true) },
            "hasGaps": !gaps.isEmpty, "gapCount": gaps.count,
            "gapWord": gaps.count == 1 ? "volume has" : "volumes have",
            "exempt": exempt.map { backupVolumeContext($0, from: page, withService: true) }, "hasExempt": !exempt.isEmpty,
            "external": external.map { backupVolumeContext($0, from: page, withService: true) }, "hasExternal": !external.isEmpty,
            "groups": groups, "hasVolumes": !listed.isEmpty,
            "scratch": scratch.map { backupVolumeContext($0, from: page, withService: true) }, "hasScratch": !scratch.isEmpty,
            "policies": policies, "hasPolicies": !policies.isEmpty,
            "recoveryURL": "../recovery/index.html",
        ])
        return try render("backups", page: page, context)
    }

    func backupVolumeContext(_ volume: BackupInventory.Volume, from page: String, withService: Bool) -> [String: Any] {
        let claim = volume.volume
        var context: [String: Any] = [
            "name": claim.ref.name, "kind": volume.kind.rawValue, "namespace": claim.ref.namespace ?? "",
            "size": claim.size ?? "—", "storageClass": claim.storageClass ?? (volume.podSource ?? "default"),
            "accessModes": claim.accessModes.joined(separator: ", "),
            "state": volume.state.rawValue, "stateLabel": volume.state.label,
            "exemption": volume.exemption ?? "", "notes": volume.notes,
            "mountedBy": volume.mountedBy.joined(separator: ", "),
            "place": "\(claim.ref.location.path):\(claim.ref.location.line)",
            "protections": volume.protections.map { protection -> [String: Any] in
                [
                    "mechanism": protection.policy.mechanism.rawValue, "policy": protection.policy.ref.name,
                    "policyURL": urls.source(protection.policy.ref.location).map { SiteURLs.relative(from: page, to: $0) } ?? "",
                    "schedule": protection.scheduleWords ?? protection.policy.schedule ?? "continuous",
                    "cron": protection.policy.schedule ?? "",
                    "retention": protection.retentionWords ?? "tool default",
                    "destination": protection.destination ?? "", "method": protection.method, "reason": protection.reason,
                    "inCluster": !protection.isBackup,
                ]
            },
        ]
        if let url = urls.source(claim.ref.location) { context["url"] = SiteURLs.relative(from: page, to: url) }
        if withService, let id = volume.serviceID, let service = repository.services.first(where: { $0.id == id }) {
            context["service"] = service.name
            context["serviceURL"] = SiteURLs.relative(from: page, to: SiteURLs.service(service))
        }
        return context
    }

    func policyContext(_ policy: BackupInventory.Policy, from page: String) -> [String: Any] {
        let backup = policy.policy
        var selects: [String] = []
        switch backup.mechanism {
        case .velero:
            let included = backup.includedNamespaces.isEmpty || backup.includedNamespaces.contains("*")
                ? "all namespaces" : "namespaces " + backup.includedNamespaces.joined(separator: ", ")
            selects.append(included)
            if !backup.excludedNamespaces.isEmpty { selects.append("except " + backup.excludedNamespaces.joined(separator: ", ")) }
            if backup.hasLabelSelection { selects.append(backup.selectionDescription) }
            selects.append(backup.volumesByDefault ? "all pod volumes (file-system backup)" :
                (backup.task == "snapshot" ? "volume snapshots" : "opted-in pod volumes only"))
        case .longhorn:
            selects.append("\(backup.task ?? "snapshot") of volumes in group\(backup.groups.count == 1 ? "" : "s") " + backup.groups.joined(separator: ", "))
        case .volsync:
            selects.append("PVC \(backup.target ?? "?") with \(backup.task ?? "restic")")
        case .cnpg:
            let archive = backup.task == "continuous WAL archiving" ? "WAL archive" : "barman-cloud plugin"
            selects.append(backup.ref.kind == "Cluster" ? "\(archive) of cluster \(backup.target ?? "?")" : "base backup of cluster \(backup.target ?? "?")")
        case .k8up:
            selects.append("PVCs of namespace \(backup.ref.namespace ?? "default") not annotated k8up.io/backup: \"false\"")
        case .kopiur:
            let selector = backup.labelSelector.isEmpty ? [] : ["labelled " + backup.labelSelector.description()]
            selects.append("PVC\(backup.targets.count == 1 ? "" : "s") " + (backup.targets + selector).joined(separator: ", ") + " with kopia")
        }
        var context: [String: Any] = [
            "mechanism": backup.mechanism.rawValue, "name": backup.ref.name, "kind": backup.ref.kind,
            "namespace": backup.ref.namespace ?? "",
            "selects": selects.joined(separator: "; "),
            "schedule": policy.scheduleWords ?? (backup.schedule ?? "continuous"), "cron": backup.schedule ?? "",
            "retention": policy.retentionWords ?? "tool default", "destination": policy.destination ?? "—",
            "volumes": policy.volumeCount, "gib": SiteBuilder.formatGiB(policy.bytes),
        ]
        if let url = urls.source(backup.ref.location) { context["url"] = SiteURLs.relative(from: page, to: url) }
        return context
    }

    /// "4 services, 3 restores" for a step of the plan's table of contents.
    static func stepCount(_ stage: [String: Any]) -> String {
        let services = stage["serviceCount"] as? Int ?? 0
        let restores = stage["restoreCount"] as? Int ?? 0
        var parts: [String] = []
        if services > 0 { parts.append("\(services) service\(services == 1 ? "" : "s")") }
        if restores > 0 { parts.append("\(restores) restore\(restores == 1 ? "" : "s")") }
        if parts.isEmpty, let folders = stage["folders"] as? [[String: Any]] { parts.append("\(folders.count) folders") }
        return parts.joined(separator: ", ")
    }

    /// Sizes on the backup pages are in GiB (`12 GiB`, `1.5 GiB`, `30 TiB` from 1,024 GiB up).
    static func formatGiB(_ bytes: Double) -> String {
        let gib = bytes / 1_073_741_824
        if gib >= 1024 { return String(format: gib.truncatingRemainder(dividingBy: 1024) == 0 ? "%.0f TiB" : "%.1f TiB", gib / 1024) }
        return gib == gib.rounded() ? String(format: "%.0f GiB", gib) : String(format: "%.1f GiB", gib)
    }

    // MARK: Recovery

    func recoveryPage() throws -> Page {
        let page = "recovery/index.html"
        let plan = analysis.backups.recovery
        let services = Dictionary(uniqueKeysWithValues: repository.services.map { ($0.id, $0) })
        func documentLink(_ path: String) -> [String: Any] {
            let title = repository.documents.first { $0.path == path }?.title ?? path
            var link: [String: Any] = ["title": title, "path": path]
            if let target = urls.document(path) ?? urls.source(path) { link["url"] = SiteURLs.relative(from: page, to: target) }
            return link
        }
        func serviceLink(_ id: String) -> [String: Any] {
            guard let service = services[id] else { return ["name": id] }
            return ["name": service.name, "url": SiteURLs.relative(from: page, to: SiteURLs.service(service))]
        }
        var step = 0
        let stages: [[String: Any]] = plan.stages.map { stage in
            step += 1
            return [
                "number": step, "title": stage.title, "summary": stage.summary, "anchor": "step-\(step)",
                "applications": stage.applications.map { app -> [String: Any] in
                    var context: [String: Any] = ["name": app.ref.name, "tool": app.tool.rawValue,
                                                  "wave": app.syncWave.map { "wave \($0)" } ?? "", "path": app.path ?? ""]
                    if let url = urls.source(app.ref.location) { context["url"] = SiteURLs.relative(from: page, to: url) }
                    return context
                },
                "hasApplications": !stage.applications.isEmpty,
                "folders": stage.folders.map { folder -> [String: Any] in
                    let readme = repository.documents.first { $0.path == folder + "/README.md" }
                    var context: [String: Any] = ["path": folder]
                    if let readme, let url = urls.document(readme.path) { context["url"] = SiteURLs.relative(from: page, to: url) }
                    return context
                },
                "hasFolders": !stage.folders.isEmpty,
                "entries": stage.entries.map { entry -> [String: Any] in
                    var context = serviceLink(entry.serviceID)
                    context["anchor"] = "svc-" + (services[entry.serviceID]?.slug ?? SiteBuilder.anchor(entry.serviceID))
                    context["namespace"] = services[entry.serviceID]?.namespace ?? ""
                    context["dependencies"] = entry.dependencies.map(serviceLink)
                    context["hasDependencies"] = !entry.dependencies.isEmpty
                    context["restores"] = entry.restores.map { restore -> [String: Any] in
                        ["volume": restore.volume, "mechanism": restore.mechanism.rawValue, "policy": restore.policy,
                         "schedule": restore.schedule ?? "", "from": restore.from ?? "", "command": restore.command,
                         "alternative": restore.isAlternative]
                    }
                    context["hasRestores"] = !entry.restores.isEmpty
                    context["startsEmpty"] = entry.startsEmpty.map { ["volume": $0.volume, "why": $0.why] }
                    context["runbooks"] = entry.runbooks.map(documentLink)
                    context["hasRunbooks"] = !entry.runbooks.isEmpty
                    context["stateless"] = entry.restores.isEmpty && entry.startsEmpty.isEmpty
                    return context
                },
                "serviceCount": stage.entries.count,
                "restoreCount": stage.entries.reduce(0) { $0 + $1.restores.count },
            ]
        }
        var context = layout(page: page, title: "Disaster recovery plan", section: "recovery",
                             breadcrumbs: [("Home", "index.html"), ("Recovery", nil)])
        context = context.merging([
            "stages": stages,
            "toc": stages.map { ["number": $0["number"]!, "title": $0["title"]!, "anchor": $0["anchor"]!,
                                 "countText": SiteBuilder.stepCount($0)] },
            "bootstrapFolder": plan.bootstrapFolder ?? "",
            "bootstrapReadme": plan.bootstrapReadme.map(documentLink) ?? [:],
            "hasBootstrapReadme": plan.bootstrapReadme != nil,
            "runbooks": plan.runbooks.map(documentLink), "hasRunbooks": !plan.runbooks.isEmpty,
            "tools": plan.tools.joined(separator: ", "),
            "usesStartupLayers": plan.usesStartupLayers,
            "gapSentence": { (gaps: Int) in gaps == 1 ? "1 volume has no backup and will come back empty;"
                : "\(gaps) volumes have no backup and will come back empty;" }(analysis.backups.volumes.filter(\.state.isGap).count),
            "hasGaps": analysis.backups.volumes.contains(where: \.state.isGap),
            "backupsURL": "../backups/index.html",
        ])
        return try render("recovery", page: page, context)
    }
}
