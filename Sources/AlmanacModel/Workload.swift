/// A controller that runs pods: Deployment, StatefulSet, DaemonSet, CronJob, Job, or a bare Pod.
public struct Workload: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case deployment = "Deployment"
        case statefulSet = "StatefulSet"
        case daemonSet = "DaemonSet"
        case cronJob = "CronJob"
        case job = "Job"
        case pod = "Pod"
        case replicaSet = "ReplicaSet"
        case cnpgCluster = "Cluster"
    }

    public var ref: ObjectRef
    public var kind: Kind
    public var serviceID: String?
    public var replicas: Int?
    /// Cron schedule of a CronJob.
    public var schedule: String?
    public var labels: [KeyValue]
    public var annotations: [KeyValue]
    public var podLabels: [KeyValue]
    public var podAnnotations: [KeyValue]
    public var containers: [Container]
    public var initContainers: [Container]
    public var volumes: [PodVolume]
    /// PVCs declared by a StatefulSet's `volumeClaimTemplates`.
    public var claimTemplates: [PersistentVolume]
    public var hostNetwork: Bool
    public var nodeSelector: [KeyValue]
    public var serviceAccount: String?

    public init(ref: ObjectRef, kind: Kind, serviceID: String? = nil, replicas: Int? = nil, schedule: String? = nil,
                labels: [KeyValue] = [], annotations: [KeyValue] = [], podLabels: [KeyValue] = [],
                podAnnotations: [KeyValue] = [], containers: [Container] = [], initContainers: [Container] = [],
                volumes: [PodVolume] = [], claimTemplates: [PersistentVolume] = [], hostNetwork: Bool = false,
                nodeSelector: [KeyValue] = [], serviceAccount: String? = nil) {
        self.ref = ref
        self.kind = kind
        self.serviceID = serviceID
        self.replicas = replicas
        self.schedule = schedule
        self.labels = labels
        self.annotations = annotations
        self.podLabels = podLabels
        self.podAnnotations = podAnnotations
        self.containers = containers
        self.initContainers = initContainers
        self.volumes = volumes
        self.claimTemplates = claimTemplates
        self.hostNetwork = hostNetwork
        self.nodeSelector = nodeSelector
        self.serviceAccount = serviceAccount
    }

    /// Every container, init containers first, in declaration order.
    public var allContainers: [Container] { initContainers + containers }
}

/// A pod volume and what backs it.
public struct PodVolume: Hashable, Sendable, Codable {
    public enum Source: Hashable, Sendable, Codable {
        case persistentVolumeClaim(String)
        case configMap(String)
        case secret(String)
        case emptyDir
        case hostPath(String)
        case nfs(server: String, path: String)
        case other(String)
    }

    public var name: String
    public var source: Source

    public init(name: String, source: Source) {
        self.name = name
        self.source = source
    }

    /// A short human description: `pvc sonarr-config`, `hostPath /dev/ttyUSB0` …
    public var sourceDescription: String {
        switch source {
        case .persistentVolumeClaim(let claim): "PVC \(claim)"
        case .configMap(let name): "ConfigMap \(name)"
        case .secret(let name): "Secret \(name)"
        case .emptyDir: "emptyDir"
        case .hostPath(let path): "hostPath \(path)"
        case .nfs(let server, let path): "NFS \(server):\(path)"
        case .other(let kind): kind
        }
    }
}
