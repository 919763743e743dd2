@testable import AlmanacModel
@testable import AlmanacScan
import Foundation
import Testing

/// One fixture repo per GitOps pattern the deployment stage follows (roots, components,
/// substitution, Argo sources and generators, in-repo charts, Kustomize transforms, rules):
/// each test asserts the catalog entries the pattern must produce, exactly.
@Suite struct DeploymentPatternTests {
    func scan(_ text: String) throws -> (Repository, [Diagnostic]) { try scanFixture(text) }

    func services(_ repository: Repository) -> [String] {
        repository.services.map { "\($0.name)@\($0.cluster ?? "-")/\($0.namespace ?? "-")" }.sorted()
    }

    func service(_ repository: Repository, _ name: String) throws -> Service {
        try #require(repository.services.first { $0.name == name })
    }

    func at(_ path: String, _ line: Int, _ column: Int = 1) -> AlmanacModel.SourceLocation {
        AlmanacModel.SourceLocation(path: path, line: line, column: column)
    }

    // MARK: 1. Flux roots without gotk-sync

    static let fluxInstanceRoot = """
    -- clusters/lab/flux-instance.yaml --
    apiVersion: fluxcd.controlplane.io/v1
    kind: FluxInstance
    metadata:
      name: flux
      namespace: flux-system
    spec:
      distribution:
        version: 2.x
      sync:
        kind: GitRepository
        url: https://git.example.com/lab.git
        ref: refs/heads/main
        path: kubernetes/lab
    -- kubernetes/lab/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./echo/ks.yaml
    -- kubernetes/lab/echo/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: echo
      namespace: flux-system
    spec:
      path: ./kubernetes/lab/echo/app
      targetNamespace: default
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/lab/echo/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - deployment.yaml
      - service.yaml
    -- kubernetes/lab/echo/app/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: echo
    spec:
      template:
        spec:
          containers:
            - name: echo
              image: mendhak/http-https-echo:35
    -- kubernetes/lab/echo/app/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: echo
      annotations:
        metallb.io/loadBalancerIPs: 10.0.0.21
    spec:
      type: LoadBalancer
      ports:
        - port: 80
    -- kubernetes/lab/echo/app/unlisted.yaml --
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: echo-old
    spec:
      rules:
        - host: echo.old.example.com
    """

    @Test func fluxInstanceSyncPathIsTheRootWithoutGotkSync() throws {
        let (repository, _) = try scan(Self.fluxInstanceRoot)
        #expect(services(repository) == ["echo@lab/default"])
        let echo = try service(repository, "echo")
        #expect(echo.id == "kubernetes/lab/echo")
        #expect(echo.deployedBy?.kind == "Kustomization")
        #expect(echo.deployedBy?.name == "echo")
        #expect(echo.deployedBy?.location == at("kubernetes/lab/echo/ks.yaml", 1))
        #expect(echo.chart == nil)
        let clusters = repository.deployment.clusters
        #expect(clusters.map(\.name) == ["lab"])
        #expect(clusters.first?.roots.map(\.location) == [at("clusters/lab/flux-instance.yaml", 10, 5)])
        let workload = try #require(repository.workloads.first { $0.serviceID == echo.id })
        #expect(workload.ref.namespace == "default")
        #expect(workload.ref.origin == .manifest)
        let lb = repository.kubeServices.filter { $0.serviceID == echo.id }.flatMap(\.loadBalancerIPs).map(\.address)
        #expect(lb == ["10.0.0.21"])
        // The Ingress the kustomization does not list is in git, not in the cluster.
        #expect(repository.routes.isEmpty)
        #expect(repository.deployment.notDeployed.map(\.name) == ["echo-old"])
        #expect(repository.deployment.undefinedVariables.isEmpty)
    }

    static let fluxInstanceChartRoot = """
    -- kubernetes/apps/flux-system/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./flux-instance/ks.yaml
    -- kubernetes/apps/flux-system/flux-instance/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-instance
      namespace: flux-system
    spec:
      path: ./kubernetes/apps/flux-system/flux-instance/app
      targetNamespace: flux-system
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/flux-system/flux-instance/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./ocirepository.yaml
      - ./helmrelease.yaml
    configMapGenerator:
      - name: flux-instance-values
        files:
          - values.yaml=./helm/values.yaml
    generatorOptions:
      disableNameSuffixHash: true
    -- kubernetes/apps/flux-system/flux-instance/app/ocirepository.yaml --
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata:
      name: flux-instance
    spec:
      url: oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance
      ref:
        tag: 0.28.0
    -- kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: flux-instance
    spec:
      chartRef:
        kind: OCIRepository
        name: flux-instance
      valuesFrom:
        - kind: ConfigMap
          name: flux-instance-values
    -- kubernetes/apps/flux-system/flux-instance/app/helm/values.yaml --
    instance:
      distribution:
        version: 2.x
      sync:
        kind: GitRepository
        url: https://git.example.com/home-ops.git
        ref: refs/heads/main
        path: kubernetes/flux/cluster
    -- kubernetes/flux/cluster/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: cluster-apps
      namespace: flux-system
    spec:
      path: ./kubernetes/apps
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/default/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./echo/ks.yaml
    -- kubernetes/apps/default/echo/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: echo
      namespace: flux-system
    spec:
      path: ./kubernetes/apps/default/echo/app
      targetNamespace: default
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/default/echo/app/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: echo
    spec:
      template:
        spec:
          containers:
            - name: echo
              image: mendhak/http-https-echo:35
    -- kubernetes/archive/old/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: old
    spec:
      template:
        spec:
          containers:
            - name: old
              image: old:1
    """

    @Test func fluxInstanceChartValuesFromGeneratedConfigMapNameTheRoot() throws {
        let (repository, _) = try scan(Self.fluxInstanceChartRoot)
        #expect(services(repository) == ["echo@default/default", "flux-instance@default/flux-system"])
        let roots = repository.deployment.clusters.flatMap(\.roots)
        #expect(roots.map(\.location) == [at("kubernetes/apps/flux-system/flux-instance/app/helm/values.yaml", 8, 11)])
        #expect(roots.first?.description.hasSuffix("→ kubernetes/flux/cluster") == true)
        let instance = try service(repository, "flux-instance")
        #expect(instance.chart == "flux-instance")
        #expect(instance.deployedBy?.kind == "HelmRelease")
        #expect(instance.deployedBy?.location == at("kubernetes/apps/flux-system/flux-instance/app/helmrelease.yaml", 1))
        let echo = try service(repository, "echo")
        #expect(echo.deployedBy?.kind == "Kustomization")
        #expect(echo.deployedBy?.location == at("kubernetes/apps/default/echo/ks.yaml", 1))
        #expect(repository.workloads.filter { $0.serviceID == echo.id }.map(\.ref.namespace) == ["default"])
        #expect(repository.deployment.units.map(\.name).contains("cluster-apps"))
        #expect(repository.deployment.notDeployed.map(\.name) == ["old"])
    }

    // MARK: 2. A Kustomize component shared by two apps

    static let volsyncComponent = """
    -- clusters/main/flux-system/gotk-sync.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./kubernetes/media
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/media/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./app-template.yaml
      - ./sonarr/ks.yaml
      - ./radarr/ks.yaml
    -- kubernetes/media/sonarr/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: sonarr
      namespace: flux-system
    spec:
      path: ./kubernetes/media/sonarr/app
      targetNamespace: media
      components:
        - ../../../components/volsync
      sourceRef:
        kind: GitRepository
        name: flux-system
      postBuild:
        substitute:
          APP: sonarr
          VOLSYNC_CAPACITY: 10Gi
    -- kubernetes/media/radarr/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: radarr
      namespace: flux-system
    spec:
      path: ./kubernetes/media/radarr/app
      targetNamespace: media
      components:
        - ../../../components/volsync
      sourceRef:
        kind: GitRepository
        name: flux-system
      postBuild:
        substitute:
          APP: radarr
    -- kubernetes/media/sonarr/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./helmrelease.yaml
    -- kubernetes/media/sonarr/app/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: sonarr
    spec:
      chartRef:
        kind: OCIRepository
        name: app-template
        namespace: flux-system
      values:
        controllers:
          sonarr:
            containers:
              app:
                image:
                  repository: ghcr.io/home-operations/sonarr
                  tag: 4.0.14
        persistence:
          config:
            existingClaim: ${APP}
    -- kubernetes/media/radarr/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./helmrelease.yaml
    -- kubernetes/media/radarr/app/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: radarr
    spec:
      chartRef:
        kind: OCIRepository
        name: app-template
        namespace: flux-system
      values:
        controllers:
          radarr:
            containers:
              app:
                image:
                  repository: ghcr.io/home-operations/radarr
                  tag: 5.20.0
        persistence:
          config:
            existingClaim: ${APP}
    -- kubernetes/media/app-template.yaml --
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata:
      name: app-template
      namespace: flux-system
    spec:
      url: oci://ghcr.io/bjw-s-labs/helm/app-template
      ref:
        tag: 4.1.1
    -- kubernetes/components/volsync/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1alpha1
    kind: Component
    resources:
      - ./pvc.yaml
      - ./replicationsource.yaml
    -- kubernetes/components/volsync/pvc.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: ${APP}
    spec:
      accessModes:
        - ReadWriteOnce
      resources:
        requests:
          storage: ${VOLSYNC_CAPACITY:=5Gi}
      storageClassName: ceph-block
    -- kubernetes/components/volsync/replicationsource.yaml --
    apiVersion: volsync.backube/v1alpha1
    kind: ReplicationSource
    metadata:
      name: ${APP}
    spec:
      sourcePVC: ${APP}
      trigger:
        schedule: "0 * * * *"
      restic:
        repository: ${APP}-volsync-secret
        copyMethod: Snapshot
        retain:
          daily: 7
    """

    @Test func oneComponentGivesEachAppItsOwnClaimAndBackup() throws {
        let (repository, _) = try scan(Self.volsyncComponent)
        #expect(services(repository) == ["radarr@main/media", "sonarr@main/media"])
        let sonarr = try service(repository, "sonarr")
        let radarr = try service(repository, "radarr")
        #expect(sonarr.chart == "app-template")
        #expect(sonarr.deployedBy?.kind == "HelmRelease")
        #expect(sonarr.deployedBy?.location == at("kubernetes/media/sonarr/app/helmrelease.yaml", 1))
        #expect(radarr.deployedBy?.location == at("kubernetes/media/radarr/app/helmrelease.yaml", 1))
        let volumes = repository.volumes.map { "\($0.ref.name)@\($0.ref.namespace ?? "-") \($0.size ?? "-") \($0.serviceID ?? "-")" }.sorted()
        #expect(volumes == ["radarr@media 5Gi \(radarr.id)", "sonarr@media 10Gi \(sonarr.id)"])
        #expect(repository.volumes.allSatisfy { $0.ref.origin == .manifest && $0.ref.location.path == "kubernetes/components/volsync/pvc.yaml" })
        let backups = repository.backups.map { "\($0.ref.name) → \($0.target ?? "-") \($0.serviceID ?? "-")" }.sorted()
        #expect(backups == ["radarr → radarr \(radarr.id)", "sonarr → sonarr \(sonarr.id)"])
        #expect(repository.backups.allSatisfy { $0.mechanism == .volsync && $0.ref.namespace == "media" })
        #expect(repository.deployment.undefinedVariables.isEmpty)
        #expect(repository.deployment.notDeployed.isEmpty)
    }

    // MARK: 3. Post-build substitution

    static let substitution = """
    -- clusters/main/flux-system/gotk-sync.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./clusters/main
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- clusters/main/cluster-settings.yaml --
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: cluster-settings
      namespace: flux-system
    data:
      DOMAIN: lab.example.com
      TIMEZONE: Europe/Paris
      LB_DEFAULT_IP: 10.0.0.50
    -- clusters/main/cluster-secrets.sops.yaml --
    apiVersion: v1
    kind: Secret
    metadata:
      name: cluster-secrets
      namespace: flux-system
    stringData:
      SECRET_DOMAIN: ENC[AES256_GCM,data:c2VjcmV0,iv:aXY=,tag:dGFn,type:str]
    sops:
      age:
        - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
      encrypted_regex: ^(data|stringData)$
      version: 3.9.0
    -- clusters/main/apps.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: cluster-apps
      namespace: flux-system
    spec:
      path: ./kubernetes/apps
      sourceRef:
        kind: GitRepository
        name: flux-system
      patches:
        - patch: |-
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: not-used
            spec:
              postBuild:
                substituteFrom:
                  - kind: ConfigMap
                    name: cluster-settings
                  - kind: Secret
                    name: cluster-secrets
          target:
            group: kustomize.toolkit.fluxcd.io
            kind: Kustomization
    -- kubernetes/apps/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./default/echo/ks.yaml
    -- kubernetes/apps/default/echo/ks.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: echo
      namespace: flux-system
    spec:
      path: ./kubernetes/apps/default/echo/app
      targetNamespace: default
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/default/echo/app/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./deployment.yaml
      - ./service.yaml
      - ./ingress.yaml
      - ./script.yaml
    -- kubernetes/apps/default/echo/app/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: echo
    spec:
      template:
        spec:
          containers:
            - name: echo
              image: mendhak/http-https-echo:35
              env:
                - name: TZ
                  value: ${TIMEZONE}
    -- kubernetes/apps/default/echo/app/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: echo
      annotations:
        lbipam.cilium.io/ips: ${ECHO_IP:=${LB_DEFAULT_IP}}
    spec:
      type: LoadBalancer
      ports:
        - port: 80
    -- kubernetes/apps/default/echo/app/ingress.yaml --
    apiVersion: networking.k8s.io/v1
    kind: Ingress
    metadata:
      name: echo
    spec:
      rules:
        - host: echo.${DOMAIN}
        - host: echo.${SECRET_DOMAIN}
        - host: echo.${INTERNAL_DOMAIN}
    -- kubernetes/apps/default/echo/app/script.yaml --
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: echo-script
      annotations:
        kustomize.toolkit.fluxcd.io/substitute: disabled
    data:
      run.sh: echo ${HOME}
      domain: ${DOMAIN}
    """

    @Test func substitutionReadsSettingsNeverSecretValuesAndReportsTheUndefined() throws {
        let (repository, _) = try scan(Self.substitution)
        #expect(services(repository) == ["echo@main/default"])
        let echo = try service(repository, "echo")
        #expect(echo.deployedBy?.kind == "Kustomization")
        #expect(echo.deployedBy?.location == at("kubernetes/apps/default/echo/ks.yaml", 1))
        // cluster-settings reach the child through the root's patch; the SOPS Secret is never read
        // (its variable stays a placeholder), INTERNAL_DOMAIN is defined nowhere.
        let hosts = repository.routes.filter { $0.serviceID == echo.id }.flatMap(\.hosts)
        #expect(hosts == ["echo.lab.example.com", "echo.${SECRET_DOMAIN}", "echo.${INTERNAL_DOMAIN}"])
        let workload = try #require(repository.workloads.first { $0.serviceID == echo.id })
        #expect(workload.containers.first?.env.map(\.display) == ["Europe/Paris"])
        // Nested default: ECHO_IP is unset, so its default LB_DEFAULT_IP applies.
        let lb = repository.kubeServices.filter { $0.serviceID == echo.id }.flatMap(\.loadBalancerIPs).map(\.address)
        #expect(lb == ["10.0.0.50"])
        // The opted-out ConfigMap keeps its text as written.
        let script = try #require(repository.configMaps.first { $0.ref.name == "echo-script" })
        #expect(script.entries.map { "\($0.key)=\($0.value ?? "-")" } == ["run.sh=echo ${HOME}", "domain=${DOMAIN}"])
        let undefined = repository.deployment.undefinedVariables.map { "\($0.name) \($0.location.path):\($0.location.line) \($0.cluster)" }
        // Both have no value git shows: each is reported where it is used.
        #expect(undefined == ["SECRET_DOMAIN kubernetes/apps/default/echo/app/ingress.yaml:8 main",
                              "INTERNAL_DOMAIN kubernetes/apps/default/echo/app/ingress.yaml:9 main"])
        #expect(!repository.routes.flatMap(\.hosts).contains { $0.contains("ENC[") })
    }

    // MARK: 4. Argo CD multi-source Application

    static let argoMultiSource = """
    -- argocd/podinfo.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: Application
    metadata:
      name: podinfo
      namespace: argocd
    spec:
      project: default
      sources:
        - repoURL: https://stefanprodan.github.io/podinfo
          chart: podinfo
          targetRevision: 6.7.0
          helm:
            valueFiles:
              - $values/apps/podinfo/values.yaml
            valuesObject:
              service:
                type: LoadBalancer
                loadBalancerIP: 10.0.0.60
            parameters:
              - name: persistence.size
                value: 2Gi
        - repoURL: https://git.example.com/lab.git
          targetRevision: main
          ref: values
        - repoURL: https://git.example.com/lab.git
          targetRevision: main
          path: apps/podinfo/extra
      destination:
        server: https://kubernetes.default.svc
        namespace: web
    -- apps/podinfo/values.yaml --
    ingress:
      enabled: true
      hosts:
        - host: podinfo.lab.example.com
    persistence:
      enabled: true
      size: 1Gi
    service:
      type: ClusterIP
    -- apps/podinfo/extra/cache.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: podinfo-cache
    spec:
      accessModes:
        - ReadWriteOnce
      resources:
        requests:
          storage: 3Gi
    -- apps/podinfo/extra/shared.yaml --
    apiVersion: v1
    kind: PersistentVolumeClaim
    metadata:
      name: shared-media
      namespace: media
    spec:
      accessModes:
        - ReadWriteMany
      resources:
        requests:
          storage: 100Gi
    """

    @Test func multiSourceApplicationMergesValueFilesObjectAndParameters() throws {
        let (repository, _) = try scan(Self.argoMultiSource)
        #expect(services(repository) == ["podinfo@default/web"])
        let podinfo = try service(repository, "podinfo")
        #expect(podinfo.chart == "podinfo")
        #expect(podinfo.deployedBy?.kind == "Application")
        #expect(podinfo.deployedBy?.name == "podinfo")
        #expect(podinfo.deployedBy?.location == at("argocd/podinfo.yaml", 1))
        // valueFiles from the `ref: values` source, then valuesObject, then parameters.
        let routes = repository.routes.filter { $0.serviceID == podinfo.id }
        #expect(routes.flatMap(\.hosts) == ["podinfo.lab.example.com"])
        #expect(routes.allSatisfy { $0.ref.origin == .values && $0.ref.namespace == "web" })
        let services = repository.kubeServices.filter { $0.serviceID == podinfo.id }
        #expect(services.map(\.type) == ["LoadBalancer"])
        #expect(services.flatMap(\.loadBalancerIPs).map(\.address) == ["10.0.0.60"])
        let volumes = repository.volumes.filter { $0.serviceID == podinfo.id }
            .map { "\($0.ref.name)@\($0.ref.namespace ?? "-") \($0.size ?? "-") \($0.ref.origin)" }.sorted()
        // destination.namespace fills the claim that names none, not the one that names `media`.
        #expect(volumes == ["podinfo-cache@web 3Gi manifest", "podinfo@web 2Gi values", "shared-media@media 100Gi manifest"])
        #expect(repository.deployment.notDeployed.isEmpty)
    }

    // MARK: 5. ApplicationSets (legacy templates) under an app-of-apps root

    static let argoAppOfApps = """
    -- bootstrap/root.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: Application
    metadata:
      name: root
      namespace: argocd
    spec:
      project: default
      source:
        repoURL: https://git.example.com/lab.git
        targetRevision: HEAD
        path: argocd/apps
      destination:
        server: https://kubernetes.default.svc
        namespace: argocd
    -- argocd/apps/directories.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: ApplicationSet
    metadata:
      name: apps
      namespace: argocd
    spec:
      generators:
        - git:
            repoURL: https://git.example.com/lab.git
            revision: HEAD
            directories:
              - path: apps/*
              - path: apps/experimental
                exclude: true
      template:
        metadata:
          name: '{{path.basename}}'
        spec:
          project: default
          source:
            repoURL: https://git.example.com/lab.git
            targetRevision: HEAD
            path: '{{path}}'
          destination:
            server: https://kubernetes.default.svc
            namespace: '{{ path.basename }}'
    -- argocd/apps/infra.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: ApplicationSet
    metadata:
      name: infra
      namespace: argocd
    spec:
      generators:
        - list:
            elements:
              - name: dns
                namespace: network
                path: infra/dns
      template:
        metadata:
          name: '{{name}}'
        spec:
          project: default
          source:
            repoURL: https://git.example.com/lab.git
            targetRevision: HEAD
            path: '{{ path }}'
          destination:
            server: https://kubernetes.default.svc
            namespace: '{{namespace}}'
    -- argocd/apps/cert-manager.yaml --
    apiVersion: argoproj.io/v1alpha1
    kind: Application
    metadata:
      name: cert-manager
      namespace: argocd
    spec:
      project: default
      source:
        repoURL: https://charts.jetstack.io
        chart: cert-manager
        targetRevision: v1.16.0
      destination:
        server: https://kubernetes.default.svc
        namespace: cert-manager
    -- apps/whoami/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: whoami
    spec:
      template:
        spec:
          containers:
            - name: whoami
              image: traefik/whoami:v1.10
    -- apps/homepage/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - deployment.yaml
    -- apps/homepage/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: homepage
    spec:
      template:
        spec:
          containers:
            - name: homepage
              image: ghcr.io/gethomepage/homepage:v0.9
    -- apps/experimental/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: experimental
    spec:
      template:
        spec:
          containers:
            - name: experimental
              image: experimental:1
    -- infra/dns/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: blocky
    spec:
      template:
        spec:
          containers:
            - name: blocky
              image: ghcr.io/0xerr0r/blocky:v0.24
    -- infra/dns/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: blocky
    spec:
      type: LoadBalancer
      loadBalancerIP: 10.0.0.53
      ports:
        - port: 53
          protocol: UDP
    """

    @Test func legacyApplicationSetsUnderAnAppOfAppsRootAreServicesTheRootIsNot() throws {
        let (repository, _) = try scan(Self.argoAppOfApps)
        #expect(services(repository) == ["cert-manager@default/cert-manager", "dns@default/network",
                                         "homepage@default/homepage", "whoami@default/whoami"])
        #expect(!repository.services.contains { $0.name == "root" || $0.name == "argocd" })
        for name in ["whoami", "homepage", "dns", "cert-manager"] {
            let service = try service(repository, name)
            #expect(service.deployedBy?.kind == "Application")
            #expect(service.deployedBy?.name == name)
        }
        // A generated Application is written nowhere: it points at its ApplicationSet's template.
        #expect(try service(repository, "whoami").deployedBy?.location == at("argocd/apps/directories.yaml", 16, 5))
        #expect(try service(repository, "homepage").deployedBy?.location == at("argocd/apps/directories.yaml", 16, 5))
        #expect(try service(repository, "dns").deployedBy?.location == at("argocd/apps/infra.yaml", 14, 5))
        #expect(try service(repository, "cert-manager").deployedBy?.location == at("argocd/apps/cert-manager.yaml", 1))
        #expect(try service(repository, "cert-manager").chart == "cert-manager")
        #expect(try service(repository, "whoami").chart == nil)
        let dns = try service(repository, "dns")
        #expect(dns.id == "infra/dns")
        let lb = repository.kubeServices.filter { $0.serviceID == dns.id }.flatMap(\.loadBalancerIPs).map(\.address)
        #expect(lb == ["10.0.0.53"])
        #expect(repository.workloads.filter { $0.serviceID == dns.id }.map { "\($0.ref.name)@\($0.ref.namespace ?? "-")" } == ["blocky@network"])
        let units = repository.deployment.units.filter { $0.kind == .argoApplication }.map { "\($0.name) < \($0.parent ?? "-")" }.sorted()
        // ApplicationSets are no units: the Applications they generate hang under the root that renders them.
        #expect(units == ["cert-manager < Application/root", "dns < Application/root", "homepage < Application/root",
                          "root < -", "whoami < Application/root"])
        #expect(repository.deployment.clusters.flatMap(\.roots).map(\.location.path) == ["bootstrap/root.yaml"])
        #expect(repository.deployment.notDeployed.map(\.name) == ["experimental"])
    }

    // MARK: 6. A HelmRelease of an in-repo umbrella chart

    static let umbrellaChart = """
    -- clusters/home/flux-system/gotk-sync.yaml --
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: GitRepository
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      url: ssh://git@example.com/home-ops
    ---
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./kubernetes/apps
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/apps/observability/stack/helmrelease.yaml --
    apiVersion: helm.toolkit.fluxcd.io/v2
    kind: HelmRelease
    metadata:
      name: stack
      namespace: observability
    spec:
      chart:
        spec:
          chart: ./charts/mychart
          sourceRef:
            kind: GitRepository
            name: flux-system
            namespace: flux-system
      values:
        dash:
          ingress:
            enabled: true
            hosts:
              - grafana.lab.example.com
        loki:
          enabled: false
    -- charts/mychart/Chart.yaml --
    apiVersion: v2
    name: mychart
    version: 0.1.0
    dependencies:
      - name: grafana
        alias: dash
        version: 8.0.0
        repository: https://grafana.github.io/helm-charts
      - name: loki
        version: 6.0.0
        repository: https://grafana.github.io/helm-charts
        condition: loki.enabled
    -- charts/mychart/values.yaml --
    dash:
      persistence:
        enabled: true
        size: 10Gi
    grafana:
      ingress:
        enabled: true
        hosts:
          - unused.lab.example.com
    loki:
      enabled: true
      ingress:
        enabled: true
        hosts:
          - loki.lab.example.com
    """

    @Test func helmReleaseOfAnInRepoUmbrellaChartRendersEnabledDependenciesUnderTheirAlias() throws {
        let (repository, _) = try scan(Self.umbrellaChart)
        #expect(services(repository) == ["stack@home/observability"])
        let stack = try service(repository, "stack")
        #expect(stack.chart == "mychart")
        #expect(stack.deployedBy?.kind == "HelmRelease")
        #expect(stack.deployedBy?.location == at("kubernetes/apps/observability/stack/helmrelease.yaml", 1))
        // The grafana dependency reads its values under its alias; loki is switched off.
        let routes = repository.routes.filter { $0.serviceID == stack.id }
        #expect(routes.flatMap(\.hosts) == ["grafana.lab.example.com"])
        #expect(routes.allSatisfy { $0.ref.origin == .values && $0.ref.namespace == "observability" })
        let volumes = repository.volumes.filter { $0.serviceID == stack.id }
        #expect(volumes.map { "\($0.size ?? "-") \($0.ref.origin)" } == ["10Gi values"])
        #expect(volumes.first?.ref.location.path == "charts/mychart/values.yaml")
        #expect(repository.deployment.charts.map { "\($0.release) \($0.chart)" } == ["stack grafana"])
        #expect(repository.deployment.notDeployed.isEmpty)
    }

    // MARK: 7. Kustomize transforms

    static let kustomizeTransforms = """
    -- clusters/lab/flux-system/gotk-sync.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./kubernetes/flux
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/flux/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ./namespace.yaml
      - ./api.yaml
    replacements:
      - source:
          kind: Namespace
          fieldPath: metadata.name
        targets:
          - select:
              group: kustomize.toolkit.fluxcd.io
              kind: Kustomization
            fieldPaths:
              - spec.targetNamespace
            options:
              create: true
    -- kubernetes/flux/namespace.yaml --
    apiVersion: v1
    kind: Namespace
    metadata:
      name: tools
    -- kubernetes/flux/api.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: api
      namespace: flux-system
    spec:
      path: ./kubernetes/tools/api
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/tools/api/kustomization.yaml --
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    namePrefix: lab-
    resources:
      - ./deployment.yaml
      - ./service.yaml
    images:
      - name: ghcr.io/example/api
        newTag: 2.0.0
    patches:
      - target:
          kind: Deployment
          name: api
        patch: |-
          - op: replace
            path: /spec/replicas
            value: 3
          - op: add
            path: /spec/template/spec/containers/0/args
            value: ["--verbose"]
      - patch: |-
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: api
          spec:
            template:
              spec:
                containers:
                  - name: api
                    resources:
                      limits:
                        memory: 256Mi
                  - name: sidecar
                    image: busybox:1.36
    -- kubernetes/tools/api/deployment.yaml --
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      replicas: 1
      template:
        spec:
          containers:
            - name: api
              image: ghcr.io/example/api:1.0.0
    -- kubernetes/tools/api/service.yaml --
    apiVersion: v1
    kind: Service
    metadata:
      name: api
    spec:
      type: LoadBalancer
      loadBalancerIP: 10.0.0.70
      ports:
        - port: 8080
    """

    @Test func kustomizeTransformsRenameRetagPatchAndReplaceTheTargetNamespace() throws {
        let (repository, _) = try scan(Self.kustomizeTransforms)
        #expect(services(repository) == ["api@lab/tools"])
        let api = try service(repository, "api")
        #expect(api.deployedBy?.kind == "Kustomization")
        #expect(api.deployedBy?.location == at("kubernetes/flux/api.yaml", 1))
        let workload = try #require(repository.workloads.first { $0.serviceID == api.id })
        #expect(workload.ref.name == "lab-api")
        #expect(workload.ref.namespace == "tools")
        #expect(workload.replicas == 3)
        #expect(workload.containers.map { "\($0.name) \($0.image)" } == ["api ghcr.io/example/api:2.0.0", "sidecar busybox:1.36"])
        #expect(workload.containers.first?.commandLine == ["--verbose"])
        #expect(workload.containers.first?.resources.limits.map { "\($0.key)=\($0.value)" } == ["memory=256Mi"])
        let services = repository.kubeServices.filter { $0.serviceID == api.id }
        #expect(services.map { "\($0.ref.name)@\($0.ref.namespace ?? "-")" } == ["lab-api@tools"])
        #expect(services.flatMap(\.loadBalancerIPs).map(\.address) == ["10.0.0.70"])
        #expect(repository.deployment.notDeployed.isEmpty)
    }

    // MARK: 8. PrometheusRule with alert templates

    static let prometheusRule = """
    -- clusters/main/flux-system/gotk-sync.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: flux-system
      namespace: flux-system
    spec:
      path: ./kubernetes/flux
      sourceRef:
        kind: GitRepository
        name: flux-system
    -- kubernetes/flux/rules.yaml --
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: node-rules
      namespace: flux-system
    spec:
      path: ./kubernetes/monitoring/rules
      targetNamespace: monitoring
      sourceRef:
        kind: GitRepository
        name: flux-system
      postBuild:
        substitute:
          CLUSTER: main
    -- kubernetes/monitoring/rules/node.yaml --
    apiVersion: monitoring.coreos.com/v1
    kind: PrometheusRule
    metadata:
      name: node
    spec:
      groups:
        - name: node.rules
          rules:
            - alert: NodeDown
              expr: up{job="node-exporter"} == 0
              for: 5m
              labels:
                severity: critical
              annotations:
                summary: Node {{ $labels.instance }} is down{{ with $labels.cluster -}} on {{ . }} {{- end }}
                description: "Cluster ${CLUSTER}: {{ range $i, $v := $labels }}{{ $i }}={{ $v }} {{ end }}"
            - alert: NodeDiskFull
              expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1
              labels:
                severity: warning
              annotations:
                summary: >-
                  Disk almost full{{ with $labels.cluster -}} on {{ . }} {{- end }}
        - name: node.time
          rules:
            - alert: NodeClockSkew
              expr: abs(node_timex_offset_seconds) > 0.05
              for: 10m
              annotations:
                summary: '{{ $labels.instance }} clock skew'
    """

    @Test func prometheusRuleTemplatesAreAlertTextAndEveryAlertIsListed() throws {
        let (repository, _) = try scan(Self.prometheusRule)
        // Rules alone make no service; the rules are still deployed, and listed.
        #expect(repository.services.isEmpty)
        let alerts = repository.alerts.map { "\($0.group)/\($0.name) \($0.severity ?? "-") \($0.duration ?? "-")" }
        #expect(alerts == ["node.rules/NodeDown critical 5m", "node.rules/NodeDiskFull warning -", "node.time/NodeClockSkew - 10m"])
        #expect(repository.alerts.map(\.summary) == [
            "Node {{ $labels.instance }} is down{{ with $labels.cluster -}} on {{ . }} {{- end }}",
            "Disk almost full{{ with $labels.cluster -}} on {{ . }} {{- end }}",
            "{{ $labels.instance }} clock skew",
        ])
        #expect(repository.alerts.first?.description == "Cluster main: {{ range $i, $v := $labels }}{{ $i }}={{ $v }} {{ end }}")
        #expect(repository.alerts.allSatisfy { $0.rule.name == "node" && $0.rule.namespace == "monitoring" && $0.rule.origin == .manifest })
        #expect(repository.alerts.map(\.location.line) == [9, 17, 26])
        #expect(repository.deployment.units.map(\.name).contains("node-rules"))
        #expect(repository.deployment.notDeployed.isEmpty)
    }
}
