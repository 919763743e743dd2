@testable import AlmanacModel
@testable import AlmanacScan
import Testing
import Yams

/// Values rendered into objects, then decoded by the same ManifestDecoder as files in the repo.
private struct Rendered {
    static let path = "apps/media/sonarr/helmrelease.yaml"
    let output: HelmRenderOutput
    let facts: [ScannedFact]

    init(_ yaml: String, release: String, namespace: String? = "media", chart: String, version: String? = nil) throws {
        let values: YAMLTree
        if let node = try Yams.compose(yaml: yaml, .basic) {
            values = YAMLTree(node: node, path: Self.path, lineOffset: 0)
        } else {
            values = .mapping([], at: AlmanacModel.SourceLocation(path: Self.path))
        }
        output = HelmValuesRenderer.render(HelmRenderInput(releaseName: release, namespace: namespace, chartName: chart,
                                                           values: values, chartVersion: version))
        var decoder = ManifestDecoder(path: Self.path, lines: [])
        facts = output.objects.flatMap { decoder.decode(YAMLNode($0)) }
    }

    var workloads: [Workload] { facts.compactMap { if case .workload(let x) = $0 { x } else { nil } } }
    var services: [KubeService] { facts.compactMap { if case .kubeService(let x) = $0 { x } else { nil } } }
    var routes: [Route] { facts.compactMap { if case .route(let x) = $0 { x } else { nil } } }
    var claims: [PersistentVolume] { facts.compactMap { if case .volume(let x) = $0 { x } else { nil } } }
    var backups: [BackupPolicy] { facts.compactMap { if case .backup(let x) = $0 { x } else { nil } } }
    var others: [ObjectRef] { facts.compactMap { if case .other(let x) = $0 { x } else { nil } } }

    /// `mountPath`s of a workload's container, read from the rendered object (the model keeps none).
    func mountPaths(workload: String, container: String) -> [String] {
        let object = output.objects.first { $0[path: "metadata", "name"]?.string == workload }
        let spec = object?[path: "spec", "template", "spec"] ?? object?[path: "spec", "jobTemplate", "spec", "template", "spec"]
        let item = spec?["containers"]?.items.first { $0["name"]?.string == container }
        return item?["volumeMounts"]?.items.compactMap { $0["mountPath"]?.string } ?? []
    }
}

private func at(_ line: Int, _ column: Int) -> AlmanacModel.SourceLocation { AlmanacModel.SourceLocation(path: Rendered.path, line: line, column: column) }

/// Grouped so `--filter HelmValuesRenderer` runs them all.
@Suite struct HelmValuesRendererTests {}

extension HelmValuesRendererTests {
@Suite struct AppTemplate {
    static let sonarr = """
    controllers:
      app:
        containers:
          main:
            image:
              repository: ghcr.io/home-operations/sonarr
              tag: 4.0.15@sha256:abc123
            env:
              TZ: Europe/Paris
              API_KEY:
                valueFrom:
                  secretKeyRef: {name: sonarr-secret, key: api-key}
      worker:
        type: cronjob
        cronjob:
          schedule: "0 3 * * *"
        containers:
          job:
            image: {repository: busybox, tag: "1.36"}
    service:
      app:
        controller: app
        type: LoadBalancer
        annotations:
          lbipam.cilium.io/ips: 192.168.1.50
        ports:
          http:
            port: 8989
    route:
      app:
        hostnames: ["{{ .Release.Name }}.${SECRET_DOMAIN}"]
        parentRefs:
          - name: internal
            namespace: kube-system
            sectionName: https
    persistence:
      config:
        size: 10Gi
        accessMode: ReadWriteOnce
        storageClass: ceph-block
      media:
        existingClaim: media-share
        globalMounts:
          - path: /data/media
            readOnly: true
      backup:
        type: nfs
        server: nas.lan
        path: /volume1/backup
        advancedMounts:
          app:
            main:
              - path: /backup
      tmp:
        type: emptyDir
    """

    @Test func v4ControllersBecomeWorkloadsNamedPerController() throws {
        let rendered = try Rendered(Self.sonarr, release: "sonarr", chart: "app-template", version: "4.1.1")
        #expect(rendered.output.model == .appTemplate)
        #expect(rendered.workloads.map(\.ref.name) == ["sonarr-app", "sonarr-worker"])
        #expect(rendered.workloads.map(\.kind) == [.deployment, .cronJob])
        #expect(rendered.workloads.map(\.ref.location) == [at(2, 3), at(13, 3)])
        #expect(rendered.workloads.map(\.ref.namespace) == ["media", "media"])
        #expect(rendered.workloads[1].schedule == "0 3 * * *")
        let main = try #require(rendered.workloads.first?.containers.first)
        #expect(main.name == "main")
        #expect(main.image == "ghcr.io/home-operations/sonarr:4.0.15@sha256:abc123")
        #expect(main.location == at(4, 7))
        #expect(main.env.map(\.name) == ["API_KEY", "TZ"])
        #expect(main.env.map(\.value) == [.secretKey(name: "sonarr-secret", key: "api-key"), .literal("Europe/Paris")])
        #expect(rendered.workloads[1].containers.map(\.image) == ["busybox:1.36"])
        #expect(rendered.workloads[0].podLabels == [KeyValue("app.kubernetes.io/controller", "app"),
                                                    KeyValue("app.kubernetes.io/instance", "sonarr"),
                                                    KeyValue("app.kubernetes.io/name", "sonarr")])
    }

    @Test func loadBalancerServiceKeepsItsAnnotatedAddress() throws {
        let rendered = try Rendered(Self.sonarr, release: "sonarr", chart: "app-template", version: "4.1.1")
        let service = try #require(rendered.services.first)
        #expect(rendered.services.count == 1)
        #expect(service.ref.name == "sonarr")
        #expect(service.ref.location == at(21, 3))
        #expect(service.type == "LoadBalancer")
        #expect(service.loadBalancerIPs == [AddressClaim(address: "192.168.1.50", source: "lbipam.cilium.io/ips",
                                                         location: at(25, 29))])
        #expect(service.ports == [ServicePort(name: "http", port: 8989, location: at(27, 7))])
        #expect(service.selector == [KeyValue("app.kubernetes.io/controller", "app"),
                                     KeyValue("app.kubernetes.io/instance", "sonarr"),
                                     KeyValue("app.kubernetes.io/name", "sonarr")])
    }

    @Test func routeExpandsReleaseNameAndPointsAtTheOnlyService() throws {
        let rendered = try Rendered(Self.sonarr, release: "sonarr", chart: "app-template", version: "4.1.1")
        let route = try #require(rendered.routes.first)
        #expect(route.ref.kind == "HTTPRoute")
        #expect(route.ref.name == "sonarr")
        #expect(route.ref.location == at(30, 3))
        #expect(route.hosts == ["sonarr.${SECRET_DOMAIN}"])
        #expect(route.entryPoints == ["internal/https"])
        #expect(route.backends == [Backend(service: "sonarr", port: "8989")])
    }

    @Test func persistenceBecomesClaimsVolumesAndMounts() throws {
        let rendered = try Rendered(Self.sonarr, release: "sonarr", chart: "app-template", version: "4.1.1")
        #expect(rendered.claims.map(\.ref.name) == ["sonarr"])  // v4: the only claim the chart creates
        let claim = try #require(rendered.claims.first)
        #expect(claim.size == "10Gi")
        #expect(claim.storageClass == "ceph-block")
        #expect(claim.accessModes == ["ReadWriteOnce"])
        #expect(claim.ref.location == at(37, 3))
        #expect(rendered.workloads[0].volumes == [
            PodVolume(name: "config", source: .persistentVolumeClaim("sonarr")),
            PodVolume(name: "media", source: .persistentVolumeClaim("media-share")),
            PodVolume(name: "backup", source: .nfs(server: "nas.lan", path: "/volume1/backup")),
            PodVolume(name: "tmp", source: .emptyDir),
        ])
        #expect(rendered.workloads[1].volumes.map(\.name) == ["config", "media", "tmp"])
        #expect(rendered.mountPaths(workload: "sonarr-app", container: "main") == ["/config", "/data/media", "/backup", "/tmp"])
        #expect(rendered.mountPaths(workload: "sonarr-worker", container: "job") == ["/config", "/data/media", "/tmp"])
    }

    static let zigbee = """
    controllers:
      main:
        containers:
          app:
            image: {repository: ghcr.io/koenkk/zigbee2mqtt, tag: 2.1.0}
    service:
      app:
        controller: main
        ports:
          http: {port: 8080}
    persistence:
      config:
        size: 1Gi
    """

    @Test func v3NamesALoneClaimAfterItsKey() throws {
        let rendered = try Rendered(Self.zigbee, release: "zigbee", chart: "app-template", version: "3.7.3")
        #expect(rendered.claims.map(\.ref.name) == ["zigbee-config"])
        #expect(rendered.workloads.map(\.ref.name) == ["zigbee"])
        #expect(rendered.services.map(\.ref.name) == ["zigbee"])
        #expect(rendered.services.first?.selector.first == KeyValue("app.kubernetes.io/component", "main"))
        #expect(rendered.workloads.first?.volumes == [PodVolume(name: "config", source: .persistentVolumeClaim("zigbee-config"))])
    }

    @Test func v4NamesALoneClaimAfterTheRelease() throws {
        let rendered = try Rendered(Self.zigbee, release: "zigbee", chart: "app-template")
        #expect(rendered.claims.map(\.ref.name) == ["zigbee"])
        #expect(rendered.claims.first?.size == "1Gi")
    }

    @Test func disabledItemsAreSkippedAndDoNotCount() throws {
        let yaml = """
        controllers:
          main:
            containers:
              app:
                image: {repository: nginx, tag: "1.27"}
          sidecar:
            enabled: false
            containers:
              app:
                image: {repository: busybox, tag: "1.36"}
        service:
          app:
            enabled: false
            ports:
              http: {port: 80}
        persistence:
          cache:
            enabled: false
            size: 5Gi
        """
        let rendered = try Rendered(yaml, release: "web", chart: "app-template")
        #expect(rendered.workloads.map(\.ref.name) == ["web"])
        #expect(rendered.workloads.first?.containers.map(\.image) == ["nginx:1.27"])
        #expect(rendered.services.isEmpty)
        #expect(rendered.claims.isEmpty)
        #expect(rendered.workloads.first?.volumes == [])
    }

    @Test func statefulSetIngressAndProbes() throws {
        let yaml = """
        controllers:
          db:
            type: statefulset
            replicas: 2
            containers:
              postgres:
                image: {repository: postgres, tag: "17"}
                probes:
                  liveness:
                    custom: true
                    spec:
                      exec: {command: [pg_isready]}
                  readiness:
                    enabled: true
            statefulset:
              volumeClaimTemplates:
                - name: data
                  size: 20Gi
                  accessMode: ReadWriteOnce
                  globalMounts:
                    - path: /var/lib/postgresql
        service:
          db:
            ports:
              pg: {port: 5432}
              metrics: {port: 9187, primary: true}
        ingress:
          web:
            className: internal
            hosts:
              - host: "{{ .Release.Name }}.example.com"
                paths:
                  - path: /
                    service: {identifier: db}
        """
        let rendered = try Rendered(yaml, release: "pg", chart: "app-template")
        let workload = try #require(rendered.workloads.first)
        #expect(workload.kind == .statefulSet)
        #expect(workload.replicas == 2)
        #expect(workload.claimTemplates.map(\.ref.name) == ["data-pg"])
        #expect(workload.claimTemplates.map(\.size) == ["20Gi"])
        #expect(workload.containers.first?.probes == [Probe(kind: .liveness, summary: "exec pg_isready")])
        #expect(rendered.mountPaths(workload: "pg", container: "postgres") == ["/var/lib/postgresql"])
        #expect(rendered.output.notes == ["controllers.db.postgres: readiness probe uses chart defaults (port, type), not rendered"])
        #expect(rendered.services.first?.ports.map(\.port) == [9187, 5432])
        let ingress = try #require(rendered.routes.first)
        #expect(ingress.ref.name == "pg")
        #expect(ingress.hosts == ["pg.example.com"])
        #expect(ingress.ingressClass == "internal")
        #expect(ingress.backends == [Backend(service: "pg", port: "9187")])
    }

    @Test func serviceWithoutPortsInValuesHasNone() throws {
        let yaml = """
        controllers:
          main:
            containers:
              app:
                image: {repository: nginx, tag: "1.27"}
        service:
          app:
            controller: main
        """
        let rendered = try Rendered(yaml, release: "web", chart: "app-template")
        #expect(rendered.services.map(\.ref.name) == ["web"])
        #expect(rendered.services.first?.ports == [])
    }
}

}

extension HelmValuesRendererTests {
@Suite struct CommonKeys {
    @Test func helmCreateStyleValues() throws {
        let yaml = """
        image:
          repository: nginx
          tag: "1.27"
        service:
          type: LoadBalancer
          port: 80
          loadBalancerIP: 10.0.0.5
        ingress:
          enabled: true
          className: nginx
          hosts:
            - host: web.example.com
              paths:
                - path: /
                  pathType: Prefix
        persistence:
          enabled: true
          size: 5Gi
        """
        let rendered = try Rendered(yaml, release: "web", chart: "nginx")
        #expect(rendered.output.model == .commonKeys)
        #expect(rendered.workloads.map(\.ref.name) == ["web-nginx"])
        #expect(rendered.workloads.first?.containers.map(\.image) == ["nginx:1.27"])
        #expect(rendered.workloads.first?.volumes == [PodVolume(name: "data", source: .persistentVolumeClaim("web-nginx"))])
        let service = try #require(rendered.services.first)
        #expect(service.ref.name == "web-nginx")
        #expect(service.type == "LoadBalancer")
        #expect(service.loadBalancerIPs == [AddressClaim(address: "10.0.0.5", source: "spec.loadBalancerIP", location: at(7, 19))])
        #expect(service.ports.map(\.port) == [80])
        let ingress = try #require(rendered.routes.first)
        #expect(ingress.hosts == ["web.example.com"])
        #expect(ingress.paths == ["/"])
        #expect(ingress.ingressClass == "nginx")
        #expect(ingress.backends == [Backend(service: "web-nginx", port: "80")])
        #expect(ingress.ref.location == at(8, 1))
        #expect(rendered.claims.map(\.ref.name) == ["web-nginx"])
        #expect(rendered.claims.first?.size == "5Gi")
        #expect(rendered.output.notes == [])
    }

    @Test func pluralServicesAndHTTPRouteKeys() throws {
        let yaml = """
        image:
          repository: ghcr.io/itzg/mc-router
          tag: 1.46.4
        services:
          minecraft:
            type: LoadBalancer
            annotations:
              lbipam.cilium.io/ips: 10.69.10.40
        httpRoute:
          enabled: true
          hostnames:
            - "{{ .Release.Name }}.example.com"
          parentRefs:
            - name: envoy-internal
        """
        let rendered = try Rendered(yaml, release: "mc-router", chart: "mc-router")
        #expect(rendered.services.flatMap(\.loadBalancerIPs).map(\.address) == ["10.69.10.40"])
        #expect(rendered.routes.map(\.hosts) == [["mc-router.example.com"]])
        #expect(rendered.routes.map(\.ref.kind) == ["HTTPRoute"])
        #expect(rendered.routes.first?.ref.location == at(9, 1))
    }

    @Test func kubePrometheusStackVolumesFollowTheChartsNames() throws {
        let yaml = """
        prometheus:
          prometheusSpec:
            storageSpec:
              volumeClaimTemplate:
                spec:
                  storageClassName: local
                  resources:
                    requests:
                      storage: 50Gi
        alertmanager:
          alertmanagerSpec:
            storage:
              volumeClaimTemplate:
                spec:
                  resources:
                    requests:
                      storage: 1Gi
        """
        let rendered = try Rendered(yaml, release: "platform-kube-prometheus-stack", chart: "kube-prometheus-stack")
        #expect(rendered.output.model == .knownChart("kube-prometheus-stack"))
        let claims = rendered.workloads.flatMap(\.claimTemplates)
        // Fullname cut to 26 characters, then the component; claims are named `<template>-<StatefulSet>`
        // (plus the replica's ordinal in the cluster), as the operator's StatefulSets claim them.
        #expect(claims.map(\.ref.name) == [
            "prometheus-platform-kube-prometheus-s-prometheus-db-prometheus-platform-kube-prometheus-s-prometheus",
            "alertmanager-platform-kube-prometheus-s-alertmanager-db-alertmanager-platform-kube-prometheus-s-alertmanager",
        ])
        #expect(claims.map(\.templateOf) == ["prometheus-platform-kube-prometheus-s-prometheus",
                                             "alertmanager-platform-kube-prometheus-s-alertmanager"])
        #expect(claims.map(\.size) == ["50Gi", "1Gi"])
        #expect(claims.first?.storageClass == "local")
    }

    @Test func statefulPersistenceBecomesAClaimTemplateNamedStorage() throws {
        let yaml = """
        singleBinary:
          persistence:
            enabled: true
            size: 5Gi
        grafana:
          persistence:
            enabled: true
            type: sts
            size: 2Gi
        """
        let rendered = try Rendered(yaml, release: "platform-loki", chart: "loki")
        // Loki's single binary is named after the release; Grafana's StatefulSet after its component.
        #expect(rendered.workloads.map(\.ref.name) == ["platform-loki", "platform-loki-grafana"])
        #expect(rendered.workloads.flatMap(\.claimTemplates).map(\.ref.name) == ["storage-platform-loki", "storage-platform-loki-grafana"])
        #expect(rendered.workloads.flatMap(\.claimTemplates).map(\.size) == ["5Gi", "2Gi"])
        #expect(rendered.claims.isEmpty)
    }

    @Test func bitnamiHostnameExtraHostsAndDefaultSize() throws {
        let yaml = """
        service:
          type: LoadBalancer
          ports:
            http: 80
          annotations:
            metallb.io/loadBalancerIPs: 192.168.1.60
        ingress:
          enabled: true
          hostname: blog.example.com
          ingressClassName: traefik
          tls: true
          extraHosts:
            - name: www.example.com
              path: /
        persistence:
          enabled: true
        """
        let rendered = try Rendered(yaml, release: "blog", chart: "wordpress")
        let service = try #require(rendered.services.first)
        #expect(service.ref.name == "blog-wordpress")
        #expect(service.ports == [ServicePort(name: "http", port: 80, location: at(4, 5))])
        #expect(service.loadBalancerIPs.map(\.address) == ["192.168.1.60"])
        #expect(service.loadBalancerIPs.map(\.location) == [at(6, 33)])
        let ingress = try #require(rendered.routes.first)
        #expect(ingress.hosts == ["blog.example.com", "www.example.com"])
        #expect(ingress.ingressClass == "traefik")
        #expect(ingress.tls == TLSInfo())
        #expect(rendered.claims.map(\.ref.name) == ["blog-wordpress"])
        #expect(rendered.claims.first?.size == nil)
        #expect(rendered.output.notes == ["persistence: size is a chart default (not in git)"])
        #expect(rendered.workloads.isEmpty)
    }

    @Test func plainStringHostsUnderAComponent() throws {
        let yaml = """
        grafana:
          ingress:
            enabled: true
            hosts:
              - grafana.example.com
        prometheus:
          prometheusSpec:
            retention: 30d
        alertmanager:
          enabled: false
          ingress:
            enabled: true
            hosts: [alerts.example.com]
        """
        let rendered = try Rendered(yaml, release: "kps", namespace: "monitoring", chart: "kube-prometheus-stack")
        #expect(rendered.output.model == .commonKeys)
        #expect(rendered.routes.map(\.ref.name) == ["kps-kube-prometheus-stack-grafana"])
        #expect(rendered.output.notes == [
            "grafana: names guessed as 'kps-kube-prometheus-stack-grafana' (component or subchart naming is not in git)",
        ])
        #expect(rendered.routes.first?.hosts == ["grafana.example.com"])
        #expect(rendered.routes.first?.ref.location == at(2, 3))
        #expect(rendered.routes.first?.backends == [])
    }

    @Test func emptyValuesAreOpaque() throws {
        let empty = try Rendered("", release: "x", chart: "app-template")
        #expect(empty.output.model == .opaque)
        #expect(empty.output.objects.isEmpty)
        let unknown = try Rendered("replicaCount: 2\nlogLevel: debug\n", release: "x", chart: "something")
        #expect(unknown.output.model == .opaque)
        #expect(unknown.output.objects.isEmpty)
    }
}

}

extension HelmValuesRendererTests {
@Suite struct Velero {
    static let values = """
    configuration:
      backupStorageLocation:
        - name: default
          provider: aws
          bucket: velero
          config:
            region: us-east-1
    schedules:
      daily:
        schedule: "0 2 * * *"
        template:
          ttl: 720h
          includedNamespaces: [media, home]
          snapshotVolumes: false
          defaultVolumesToFsBackup: true
          storageLocation: default
      weekly:
        disabled: true
        schedule: "0 3 * * 0"
    """

    @Test func schedulesBecomeVeleroSchedules() throws {
        let rendered = try Rendered(Self.values, release: "velero", namespace: "velero", chart: "velero")
        #expect(rendered.output.model == .knownChart("velero"))
        #expect(rendered.backups.count == 1)
        let daily = try #require(rendered.backups.first)
        #expect(daily.ref.name == "velero-daily")
        #expect(daily.ref.namespace == "velero")
        #expect(daily.ref.location == at(9, 3))
        #expect(daily.mechanism == .velero)
        #expect(daily.schedule == "0 2 * * *")
        #expect(daily.retention == "720h")
        #expect(daily.includedNamespaces == ["media", "home"])
        #expect(daily.destination == "default")
        #expect(daily.volumesByDefault)
        #expect(daily.task == "backup")
        #expect(rendered.others.map(\.display) == ["BackupStorageLocation/default"])
    }

    @Test func fullnameAddsTheChartNameWhenTheReleaseLacksIt() throws {
        let rendered = try Rendered(Self.values, release: "backup", namespace: "velero", chart: "velero")
        #expect(rendered.backups.map(\.ref.name) == ["backup-velero-daily"])
    }
}
}
