import AlmanacModel

extension ManifestDecoder {
    func decodeMonitor(_ root: YAMLNode, ref: ObjectRef) -> Monitor {
        let spec = root["spec"]
        var monitor = Monitor(ref: ref, selector: Self.labelSelector(spec?["selector"]))
        let endpoints = (spec?["endpoints"]?.items ?? []) + (spec?["podMetricsEndpoints"]?.items ?? [])
        monitor.endpoints = endpoints.map { endpoint in
            let port = endpoint["port"]?.string ?? endpoint["targetPort"]?.string ?? "?"
            return "port \(port) \(endpoint["path"]?.string ?? "/metrics")"
        }
        if ref.kind == "Probe" {
            let module = spec?["module"]?.string.map { " (\($0))" } ?? ""
            let targets = spec?[path: "targets", "staticConfig", "static"]?.strings ?? []
            monitor.endpoints = targets.map { "probe \($0)\(module)" }
            if let ingress = spec?[path: "targets", "ingress"] {
                monitor.endpoints.append("probe ingresses \(Self.labels(ingress["selector"]))\(module)")
            }
        }
        return monitor
    }

    func decodeRules(_ root: YAMLNode, ref: ObjectRef) -> [AlertRule] {
        var alerts: [AlertRule] = []
        for group in root[path: "spec", "groups"]?.items ?? [] {
            let groupName = group["name"]?.string ?? ""
            for rule in group["rules"]?.items ?? [] {
                guard let name = rule["alert"]?.string else { continue }
                let annotations = rule["annotations"]
                alerts.append(AlertRule(
                    name: name, group: groupName, expression: rule["expr"]?.string ?? "",
                    duration: rule["for"]?.string, severity: rule[path: "labels", "severity"]?.string,
                    summary: annotations?["summary"]?.string ?? annotations?["message"]?.string,
                    description: annotations?["description"]?.string,
                    runbookURL: annotations?["runbook_url"]?.string ?? annotations?["runbook"]?.string,
                    rule: ref, location: location(rule)))
            }
        }
        return alerts
    }

    func decodeBackup(_ root: YAMLNode, ref: ObjectRef) -> BackupPolicy {
        let spec = root["spec"]
        let group = ref.apiVersion.split(separator: "/").first.map(String.init) ?? ""
        if group == "k8up.io" || group == "backup.appuio.ch" { return decodeK8upSchedule(root, ref: ref) }
        if group == "kopiur.home-operations.com" { return decodeKopiur(root, ref: ref) }
        switch ref.kind {
        case "Schedule":
            let template = spec?["template"]
            return BackupPolicy(
                ref: ref, mechanism: .velero, schedule: spec?["schedule"]?.string,
                retention: template?["ttl"]?.string,
                includedNamespaces: template?["includedNamespaces"]?.strings ?? [],
                excludedNamespaces: template?["excludedNamespaces"]?.strings ?? [],
                labelSelector: Self.labelSelector(template?["labelSelector"]),
                orLabelSelectors: (template?["orLabelSelectors"]?.items ?? []).map { Self.labelSelector($0) },
                destination: template?["storageLocation"]?.string,
                volumesByDefault: template?["defaultVolumesToFsBackup"]?.bool
                    ?? template?["defaultVolumesToRestic"]?.bool ?? false,
                task: template?["snapshotVolumes"]?.bool == true ? "snapshot" : "backup")
        case "RecurringJob":
            return BackupPolicy(
                ref: ref, mechanism: .longhorn, schedule: spec?["cron"]?.string,
                retention: spec?["retain"]?.string.map { "keep \($0)" },
                groups: spec?["groups"]?.strings ?? [], task: spec?["task"]?.string)
        case "ReplicationSource":
            let method = ["restic", "rsync", "rclone", "rsyncTLS", "kopia"].first { spec?[$0] != nil }
            let methodNode = method.flatMap { spec?[$0] }
            let retain = methodNode?["retain"]
            let retention = retain?.pairs.compactMap { pair in pair.value.string.map { "\(pair.key) \($0)" } }
                .joined(separator: ", ")
            return BackupPolicy(
                ref: ref, mechanism: .volsync, schedule: spec?[path: "trigger", "schedule"]?.string,
                retention: retention?.isEmpty == false ? retention : nil,
                target: spec?["sourcePVC"]?.string,
                destination: methodNode?["repository"]?.string, task: method)
        default: // ScheduledBackup; `method: plugin` writes through the Cluster's barman-cloud plugin
            return BackupPolicy(
                ref: ref, mechanism: .cnpg, schedule: spec?["schedule"]?.string,
                target: spec?[path: "cluster", "name"]?.string, task: spec?["method"]?.string ?? "barmanObjectStore")
        }
    }

    func decodeGitOpsApp(_ root: YAMLNode, ref: ObjectRef) -> GitOpsApp {
        let spec = root["spec"]
        let wave = root[path: "metadata", "annotations", "argocd.argoproj.io/sync-wave"]?.int
        switch ref.kind {
        case "Application", "ApplicationSet":
            let source = ref.kind == "ApplicationSet" ? spec?[path: "template", "spec", "source"] : spec?["source"]
                ?? spec?["sources"]?.items.first
            let destination = ref.kind == "ApplicationSet" ? spec?[path: "template", "spec", "destination"] : spec?["destination"]
            return GitOpsApp(ref: ref, tool: ref.kind == "Application" ? .argoApplication : .argoApplicationSet,
                             syncWave: wave, repoURL: source?["repoURL"]?.string, path: source?["path"]?.string,
                             chart: source?["chart"]?.string, targetRevision: source?["targetRevision"]?.string,
                             destinationNamespace: destination?["namespace"]?.string)
        case "HelmRelease":
            let chart = spec?[path: "chart", "spec"]
            return GitOpsApp(ref: ref, tool: .fluxHelmRelease, chart: chart?["chart"]?.string,
                             targetRevision: chart?["version"]?.string,
                             destinationNamespace: spec?["targetNamespace"]?.string,
                             dependsOn: spec?["dependsOn"]?.items.compactMap { $0["name"]?.string } ?? [])
        default:
            return GitOpsApp(ref: ref, tool: .fluxKustomization, path: spec?["path"]?.string,
                             destinationNamespace: spec?["targetNamespace"]?.string,
                             dependsOn: spec?["dependsOn"]?.items.compactMap { $0["name"]?.string } ?? [])
        }
    }

    func decodePool(_ root: YAMLNode, ref: ObjectRef) -> AddressPool {
        let spec = root["spec"]
        if ref.kind == "IPAddressPool" {
            return AddressPool(ref: ref, addresses: spec?["addresses"]?.strings ?? [],
                               autoAssign: spec?["autoAssign"]?.bool ?? true)
        }
        // CiliumLoadBalancerIPPool, cilium.io/v2alpha1 and v2: `blocks`, or `cidrs` before 1.15.
        let blocks = (spec?["blocks"]?.items ?? spec?["cidrs"]?.items ?? []).compactMap { block -> String? in
            if let cidr = block["cidr"]?.string { return cidr }
            if let start = block["start"]?.string { return "\(start)-\(block["stop"]?.string ?? start)" }
            return nil
        }
        return AddressPool(ref: ref, addresses: blocks, disabled: spec?["disabled"]?.bool ?? false,
                           serviceSelector: spec?[path: "serviceSelector", "matchLabels"]?.keyValues ?? [])
    }

    func decodeCertificate(_ root: YAMLNode, ref: ObjectRef) -> CertificateInfo {
        let spec = root["spec"]
        if ref.kind == "Certificate" {
            return CertificateInfo(ref: ref, dnsNames: spec?["dnsNames"]?.strings ?? [],
                                   issuer: spec?[path: "issuerRef", "name"]?.string,
                                   secretName: spec?["secretName"]?.string)
        }
        var detail: String?
        if let acme = spec?["acme"] {
            let solvers = acme["solvers"]?.items.compactMap { solver -> String? in
                if let dns = solver["dns01"] { return "DNS-01 via \(dns.pairs.first?.key ?? "dns")" }
                if solver["http01"] != nil { return "HTTP-01" }
                return nil
            } ?? []
            detail = "ACME \(acme["server"]?.string ?? "")" + (solvers.isEmpty ? "" : " (\(solvers.joined(separator: ", ")))")
        } else if spec?["ca"] != nil {
            detail = "CA issuer"
        } else if spec?["selfSigned"] != nil {
            detail = "self-signed"
        }
        return CertificateInfo(ref: ref, detail: detail)
    }

    /// A Secret contributes its name and key names only; its values are redacted from source views.
    mutating func decodeSecret(_ root: YAMLNode, ref: ObjectRef) -> SecretInfo {
        var keys: [String] = []
        var plaintext = false
        for field in ["data", "stringData"] {
            guard let node = root[field] else { continue }
            let pairs = node.pairs
            keys += pairs.map(\.key)
            if !pairs.isEmpty { plaintext = true }
        }
        if plaintext {
            diagnostics.append(Diagnostic(
                id: "secrets.plaintext-secret", severity: .error, location: location(root),
                message: "Secret '\(ref.name)' is committed with plaintext values (\(keys.sorted().joined(separator: ", ")))",
                note: "encrypt it with SOPS, or replace it with an ExternalSecret or SealedSecret, and rotate the values"))
        }
        return SecretInfo(ref: ref, source: .secret, keys: Array(Set(keys)).sorted(), plaintext: plaintext)
    }

    func decodeSecretReference(_ root: YAMLNode, ref: ObjectRef) -> SecretInfo {
        let spec = root["spec"]
        switch ref.kind {
        case "ExternalSecret":
            let keys = (spec?["data"]?.items.compactMap { $0["secretKey"]?.string } ?? [])
                + (spec?["dataFrom"]?.items.compactMap { $0[path: "extract", "key"]?.string.map { "(all of \($0))" } } ?? [])
            return SecretInfo(ref: ref, source: .externalSecret, keys: keys,
                              store: spec?[path: "secretStoreRef", "name"]?.string,
                              target: spec?[path: "target", "name"]?.string ?? ref.name)
        case "SealedSecret":
            return SecretInfo(ref: ref, source: .sealedSecret,
                              keys: spec?["encryptedData"]?.pairs.map(\.key).sorted() ?? [],
                              target: spec?[path: "template", "metadata", "name"]?.string ?? ref.name)
        default:
            let provider = spec?["provider"]?.pairs.first?.key
            return SecretInfo(ref: ref, source: ref.kind == "ClusterSecretStore" ? .clusterSecretStore : .secretStore,
                              store: provider)
        }
    }

    /// ConfigMap values feed dependency discovery; values under secret-looking keys are masked.
    mutating func decodeConfigMap(_ root: YAMLNode, ref: ObjectRef) -> ConfigMapInfo {
        var entries: [ConfigEntry] = []
        for pair in root["data"]?.pairs ?? [] {
            // Masked by the scan when the key looks secret: such values are left out.
            var value = pair.value.string
            if value == Redaction.mask { value = nil }
            entries.append(ConfigEntry(key: pair.key, value: value,
                                       location: SourceLocation(path: path, line: pair.keyLine, column: 1)))
        }
        return ConfigMapInfo(ref: ref, entries: entries)
    }

    func decodeBackstage(_ root: YAMLNode, kind: String) -> [ScannedFact] {
        guard kind == "Component" || kind == "Resource" || kind == "System",
              let name = root[path: "metadata", "name"]?.string else { return [] }
        let spec = root["spec"]
        return [.catalogInfo(CatalogInfo(
            folder: folder, name: name, description: root[path: "metadata", "description"]?.string,
            owner: spec?["owner"]?.string, lifecycle: spec?["lifecycle"]?.string,
            dependsOn: spec?["dependsOn"]?.strings ?? []))]
    }
}
