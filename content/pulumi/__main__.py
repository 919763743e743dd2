"""Homelab infrastructure below Kubernetes.

- one Proxmox VM per k3s node (cloud-init: static IP, VLAN sub-interfaces for
  MetalLB, iSCSI/NFS clients, Longhorn data disk)
- Cloudflare DNS for the public names (CNAMEs to the cloudflared tunnel)
- the per-environment sizing (replicas, volume sizes), exported as stack
  outputs; the docs site reads the same values from Pulumi.<stack>.yaml

Everything that runs *on* the cluster lives in ../k3s and is synced by ArgoCD.
"""

import textwrap

import pulumi
import yaml
import pulumi_cloudflare as cloudflare
import pulumi_proxmoxve as proxmoxve

cfg = pulumi.Config("homelab")
env = cfg.require("environment")
domain = cfg.require("domain")
public_domain = cfg.require("publicDomain")
zone_id = cfg.require("cloudflareZoneId")
tunnel_id = cfg.get("cloudflareTunnelId") or ""
k3s_version = cfg.require("k3sVersion")
datastore = cfg.get("vmDatastore") or "local-zfs"
network = cfg.require_object("network")
nodes = cfg.require_object("nodes")

UBUNTU_IMAGE = (
    "https://cloud-images.ubuntu.com/releases/24.04/release-20241206/"
    "ubuntu-24.04-server-cloudimg-amd64.img"
)

# ---------------------------------------------------------------------------
# Proxmox
# ---------------------------------------------------------------------------

pve_hosts = sorted({n.get("proxmoxNode", cfg.require("proxmoxNode")) for n in nodes})

# one copy of the cloud image per Proxmox host (local storage is not shared)
images = {
    host: proxmoxve.download.File(
        f"ubuntu-2404-{host}",
        node_name=host,
        datastore_id="local",
        content_type="iso",
        file_name=f"ubuntu-24.04-cloudimg-{env}.img",
        url=UBUNTU_IMAGE,
        overwrite=False,
    )
    for host in pve_hosts
}


def cloud_init(node: dict) -> str:
    """User data for one node. k3s itself is installed by hand (bootstrap/argocd/README.md)."""
    servers = network["vlans"].get("servers", next(iter(network["vlans"].values())))["cidr"]

    # MetalLB announces the iot/dmz pools on tagged sub-interfaces (servers only)
    vlans = {}
    if node["role"] == "server":
        for name in ("iot", "dmz"):
            if name in network["vlans"]:
                vid = network["vlans"][name]["id"]
                vlans[f"enp1s0.{vid}"] = {"id": vid, "link": "enp1s0", "dhcp4": False}

    nft = textwrap.dedent(
        f"""\
        # node-exporter runs with hostNetwork: only the pod network and the
        # servers VLAN may scrape it
        table inet nodefw {{
          chain input {{
            type filter hook input priority 0; policy accept;
            tcp dport 9100 ip saddr {{ {network['podCidr']}, {servers} }} accept
            tcp dport 9100 drop
          }}
        }}
        """
    )
    doc = {
        "hostname": node["name"],
        "fqdn": f"{node['name']}.{domain}",
        "timezone": "Europe/Berlin",
        "package_update": True,
        "packages": ["open-iscsi", "nfs-common", "nftables", "qemu-guest-agent", "jq"],
        "write_files": [
            {"path": "/etc/nftables.d/node-exporter.nft", "content": nft},
            {"path": "/etc/k3s-version", "content": f"{k3s_version}\n"},
        ],
        "runcmd": [
            ["systemctl", "enable", "--now", "iscsid", "qemu-guest-agent", "nftables"],
            ["nft", "-f", "/etc/nftables.d/node-exporter.nft"],
        ],
    }
    if vlans:
        doc["write_files"].append(
            {
                "path": "/etc/netplan/60-vlans.yaml",
                "permissions": "0600",
                "content": yaml.safe_dump({"network": {"version": 2, "vlans": vlans}}),
            }
        )
        doc["runcmd"].append(["netplan", "apply"])
    if node.get("longhornDiskGb"):
        doc["disk_setup"] = {"/dev/sdb": {"table_type": "gpt", "layout": True, "overwrite": False}}
        doc["fs_setup"] = [{"label": "longhorn", "filesystem": "ext4", "device": "/dev/sdb1"}]
        doc["mounts"] = [["LABEL=longhorn", "/var/lib/longhorn", "ext4", "defaults,noatime", "0", "2"]]
    if node.get("gpuPciId"):
        # NVIDIA driver + container toolkit for the k3s containerd runtime
        doc["packages"] += ["nvidia-driver-550-server", "nvidia-container-toolkit"]
    return "#cloud-config\n" + yaml.safe_dump(doc, sort_keys=False)


vms = []
for node in nodes:
    host = node.get("proxmoxNode", cfg.require("proxmoxNode"))
    snippet = proxmoxve.storage.File(
        f"{node['name']}-user-data",
        node_name=host,
        datastore_id="local",
        content_type="snippets",
        source_raw=proxmoxve.storage.FileSourceRawArgs(
            data=cloud_init(node),
            file_name=f"{node['name']}-user-data.yaml",
        ),
    )

    disks = [
        proxmoxve.vm.VirtualMachineDiskArgs(
            interface="scsi0",
            datastore_id=datastore,
            file_id=images[host].id,
            size=node["osDiskGb"],
            discard="on",
            ssd=True,
        )
    ]
    if node.get("longhornDiskGb"):
        disks.append(
            proxmoxve.vm.VirtualMachineDiskArgs(
                interface="scsi1",
                datastore_id=datastore,
                size=node["longhornDiskGb"],
                discard="on",
                ssd=True,
                file_format="raw",
            )
        )
    for i, dev in enumerate(node.get("passthroughDisks", []), start=2):
        disks.append(
            proxmoxve.vm.VirtualMachineDiskArgs(
                interface=f"scsi{i}",
                datastore_id="",
                path_in_datastore=dev,
                file_format="raw",
                backup=False,
            )
        )

    hostpcis = []
    if node.get("gpuPciId"):
        hostpcis.append(
            proxmoxve.vm.VirtualMachineHostpciArgs(
                device="hostpci0", id=node["gpuPciId"], pcie=True, rombar=True, xvga=False
            )
        )

    vm = proxmoxve.vm.VirtualMachine(
        node["name"],
        name=node["name"],
        node_name=host,
        vm_id=node["vmId"],
        description=f"k3s {node['role']} ({env}) — managed by Pulumi, see pulumi/ in the homelab repo",
        tags=["k3s", env, node["role"]],
        on_boot=True,
        machine="q35",
        bios="ovmf" if hostpcis else "seabios",
        efi_disk=proxmoxve.vm.VirtualMachineEfiDiskArgs(datastore_id=datastore, type="4m")
        if hostpcis
        else None,
        agent=proxmoxve.vm.VirtualMachineAgentArgs(enabled=True, trim=True),
        cpu=proxmoxve.vm.VirtualMachineCpuArgs(cores=node["cores"], type="host"),
        memory=proxmoxve.vm.VirtualMachineMemoryArgs(dedicated=node["memoryMb"]),
        disks=disks,
        hostpcis=hostpcis or None,
        network_devices=[
            # trunk: untagged = servers VLAN, tagged iot/dmz for MetalLB
            proxmoxve.vm.VirtualMachineNetworkDeviceArgs(
                bridge=network["bridge"], model="virtio", trunks="10;20;30" if env == "production" else "50"
            )
        ],
        initialization=proxmoxve.vm.VirtualMachineInitializationArgs(
            datastore_id=datastore,
            dns=proxmoxve.vm.VirtualMachineInitializationDnsArgs(
                domain=network["searchDomain"], servers=network["dns"]
            ),
            ip_configs=[
                proxmoxve.vm.VirtualMachineInitializationIpConfigArgs(
                    ipv4=proxmoxve.vm.VirtualMachineInitializationIpConfigIpv4Args(
                        address=f"{node['ip']}/24", gateway=network["gateway"]
                    )
                )
            ],
            user_data_file_id=snippet.id,
        ),
        operating_system=proxmoxve.vm.VirtualMachineOperatingSystemArgs(type="l26"),
        opts=pulumi.ResourceOptions(
            # a changed cloud-init snippet must not rebuild a running node
            ignore_changes=["initialization.userDataFileId", "disks[0].fileId"],
            protect=env == "production",
        ),
    )
    vms.append(vm)

# ---------------------------------------------------------------------------
# Cloudflare: public names go through the tunnel; *.lab stays internal (AdGuard)
# ---------------------------------------------------------------------------

if tunnel_id:
    for name in ("blog", "www"):
        cloudflare.Record(
            f"{name}-{env}",
            zone_id=zone_id,
            name=name,
            type="CNAME",
            content=f"{tunnel_id}.cfargotunnel.com",
            proxied=True,
            ttl=1,
            comment="cloudflared tunnel → traefik (managed by pulumi/homelab)",
        )

    # WireGuard endpoint; the address is kept current by the router's DDNS
    # client, Pulumi only makes sure the record exists.
    cloudflare.Record(
        f"vpn-{env}",
        zone_id=zone_id,
        name="vpn",
        type="A",
        content="192.0.2.10",
        proxied=False,
        ttl=300,
        opts=pulumi.ResourceOptions(ignore_changes=["content"]),
    )

# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

pulumi.export("environment", env)
pulumi.export("domain", domain)
pulumi.export("k3sVersion", k3s_version)
pulumi.export("nodes", {n["name"]: {"ip": n["ip"], "role": n["role"]} for n in nodes})
pulumi.export("metallbPools", cfg.require_object("metallbPools"))
pulumi.export("replicas", cfg.require_object("replicas"))
pulumi.export("storage", cfg.require_object("storage"))
pulumi.export("publicRecords", [f"{n}.{public_domain}" for n in ("blog", "www", "vpn")] if tunnel_id else [])
