// The Hyper-V host's PowerShell: idempotent (every change is checked first), -WhatIf shows the
// plan, and the host vNIC's MAC is compared with its lease (the feature-update increment drift).
import type { Machine, NetworkModel, Nic, VSwitch } from "@labnet/model";
import { headerLines } from "../bundle";
import { compareText, type ModelIndex } from "../context";
import { commentText } from "../quote/comment";
import { psQuote } from "../quote/powershell";

/**
 * Windows PowerShell 5.1 reads a .ps1 without a byte-order mark in the ANSI code page, so a switch
 * named "Büro" would arrive garbled: the script starts with a UTF-8 BOM. It is part of the file's
 * content (and its sha256), so every writer (CLI, agent, bundle download) puts it on disk as is.
 */
const UTF8_BOM = "\uFEFF";

const psBool = (value: boolean) => (value ? "$true" : "$false");
const windowsMac = (mac: string) => mac.replaceAll(":", "").toUpperCase();

const SWITCH_TYPE: Record<Exclude<VSwitch["type"], "default">, string> = {
  internal: "Internal",
  private: "Private",
  external: "External",
};

const FUNCTIONS = `
function Set-LabSwitch {
	[CmdletBinding(SupportsShouldProcess = $true)]
	param([string]$Name, [string]$Type, [string]$AdapterName, [bool]$AllowManagementOS)
	$switch = Get-VMSwitch -Name $Name -ErrorAction SilentlyContinue
	if ($null -eq $switch) {
		if ($PSCmdlet.ShouldProcess("vSwitch $Name", "create $Type switch")) {
			if ($Type -eq 'External') {
				New-VMSwitch -Name $Name -NetAdapterName $AdapterName -AllowManagementOS $AllowManagementOS | Out-Null
			} else {
				New-VMSwitch -Name $Name -SwitchType $Type | Out-Null
			}
			$script:changes++
		}
		return
	}
	if ("$($switch.SwitchType)" -ne $Type) {
		Write-Warning "vSwitch $Name is $($switch.SwitchType), the model says $($Type): recreate it by hand (VMs are attached to it)"
		return
	}
	if ($Type -eq 'External' -and $switch.AllowManagementOS -ne $AllowManagementOS) {
		if ($PSCmdlet.ShouldProcess("vSwitch $Name", "set AllowManagementOS to $AllowManagementOS")) {
			Set-VMSwitch -Name $Name -AllowManagementOS $AllowManagementOS
			$script:changes++
		}
	}
}

function Set-LabVlan {
	[CmdletBinding(SupportsShouldProcess = $true)]
	param($Adapter, [int]$VlanId, [string]$What)
	$vlan = Get-VMNetworkAdapterVlan -VMNetworkAdapter $Adapter
	if ($VlanId -gt 0) {
		if ("$($vlan.OperationMode)" -ne 'Access' -or $vlan.AccessVlanId -ne $VlanId) {
			if ($PSCmdlet.ShouldProcess($What, "set access VLAN $VlanId")) {
				Set-VMNetworkAdapterVlan -VMNetworkAdapter $Adapter -Access -VlanId $VlanId
				$script:changes++
			}
		}
	} elseif ("$($vlan.OperationMode)" -ne 'Untagged') {
		if ($PSCmdlet.ShouldProcess($What, 'remove VLAN tagging')) {
			Set-VMNetworkAdapterVlan -VMNetworkAdapter $Adapter -Untagged
			$script:changes++
		}
	}
}

function Set-LabVmAdapter {
	[CmdletBinding(SupportsShouldProcess = $true)]
	param([string]$VMName, [string]$MacAddress, [string]$SwitchName, [bool]$MacSpoofing, [int]$VlanId)
	if ($null -eq (Get-VM -Name $VMName -ErrorAction SilentlyContinue)) {
		Write-Warning "VM $VMName does not exist: create it, then run this script again"
		return
	}
	$what = "$VMName adapter $MacAddress"
	$adapter = Get-VMNetworkAdapter -VMName $VMName | Where-Object { $_.MacAddress -eq $MacAddress } | Select-Object -First 1
	if ($null -eq $adapter) {
		if (-not $PSCmdlet.ShouldProcess($VMName, "add a network adapter $MacAddress on $SwitchName")) { return }
		$adapter = Add-VMNetworkAdapter -VMName $VMName -SwitchName $SwitchName -StaticMacAddress $MacAddress -Passthru
		$script:changes++
	}
	if ($adapter.DynamicMacAddressEnabled) {
		Write-Warning "$($what): the MAC is dynamic; make it static (VM off: Set-VMNetworkAdapter -StaticMacAddress $MacAddress) so its lease keeps matching"
	}
	if ($adapter.SwitchName -ne $SwitchName) {
		if ($PSCmdlet.ShouldProcess($what, "connect to $SwitchName")) {
			Connect-VMNetworkAdapter -VMNetworkAdapter $adapter -SwitchName $SwitchName
			$script:changes++
		}
	}
	$spoofing = if ($MacSpoofing) { 'On' } else { 'Off' }
	if ("$($adapter.MacAddressSpoofing)" -ne $spoofing) {
		if ($PSCmdlet.ShouldProcess($what, "set MAC address spoofing $spoofing")) {
			Set-VMNetworkAdapter -VMNetworkAdapter $adapter -MacAddressSpoofing $spoofing
			$script:changes++
		}
	}
	Set-LabVlan -Adapter $adapter -VlanId $VlanId -What $what
}

function Test-LabHostVnic {
	[CmdletBinding(SupportsShouldProcess = $true)]
	param([string]$SwitchName, [string]$MacAddress, [string]$LeaseIp, [int]$VlanId)
	$vnic = Get-VMNetworkAdapter -ManagementOS -SwitchName $SwitchName -ErrorAction SilentlyContinue | Select-Object -First 1
	if ($null -eq $vnic) {
		Write-Warning "the host has no vNIC on $SwitchName"
		return
	}
	Set-LabVlan -Adapter $vnic -VlanId $VlanId -What "host vNIC on $SwitchName"
	if ($MacAddress -eq '') { return }
	if ($vnic.MacAddress -eq $MacAddress) {
		Write-Host "host vNIC on $SwitchName has $MacAddress, the MAC of its lease $LeaseIp"
		return
	}
	$drift = [Convert]::ToInt64($vnic.MacAddress, 16) - [Convert]::ToInt64($MacAddress, 16)
	if ($drift -ge 1 -and $drift -le 3) {
		Write-Warning ("host vNIC on $SwitchName moved from $MacAddress to $($vnic.MacAddress) (+$drift): Windows feature updates increment it. " +
			"Update the lease in labnet to the new MAC, or set the adapter's NetworkAddress registry value back to $MacAddress.")
	} else {
		Write-Warning "host vNIC on $SwitchName has $($vnic.MacAddress), not $MacAddress: DHCP will not give it $LeaseIp"
	}
}
`;

export interface HypervScript {
  content: string;
  warnings: string[];
}

export function renderHypervScript(
  index: ModelIndex,
  host: Machine,
  revision: number | string,
): HypervScript {
  const model: NetworkModel = index.model;
  const warnings: string[] = [];
  const switches = model.vswitches
    .filter((vswitch) => vswitch.labId === host.labId)
    .sort((a, b) => compareText(a.name, b.name));
  const switchById = new Map(switches.map((vswitch) => [vswitch.id, vswitch]));
  const lines: string[] = [
    ...headerLines(revision, `Hyper-V switches and adapters of ${host.name}`).map((line) => `# ${line}`),
    // No model value inside the help block: a name holding #> would end it.
    "<#",
    ".SYNOPSIS",
    "  Brings the vSwitches and VM network adapters of this Hyper-V host in line with labnet.",
    "  Safe to run again: it changes only what differs. Run with -WhatIf to see the plan.",
    "#>",
    "[CmdletBinding(SupportsShouldProcess = $true)]",
    "param()",
    "$ErrorActionPreference = 'Stop'",
    "$script:changes = 0",
    FUNCTIONS,
    "# vSwitches",
  ];
  for (const vswitch of switches) {
    if (vswitch.type === "default") {
      lines.push(
        `# ${commentText(vswitch.name, `vSwitch ${vswitch.id} name`)}: the Default Switch belongs to Windows and is left alone`,
      );
      continue;
    }
    if (vswitch.type === "internal" && !vswitch.allowManagementOS) {
      warnings.push(
        `${host.name}: internal switch ${vswitch.name} always has a host vNIC; make it private to keep the host off it`,
      );
    }
    if (vswitch.type === "external" && vswitch.adapterMedium === "wifi") {
      warnings.push(
        `${host.name}: external switch ${vswitch.name} is on Wi-Fi: Hyper-V rewrites VM MACs there, so MAC spoofing and tinc switch-mode MAC learning do not behave as on Ethernet`,
      );
    }
    const adapter = vswitch.type === "external" ? (vswitch.adapterName ?? "") : "";
    const field = (name: string) => `vSwitch ${vswitch.id} ${name}`;
    lines.push(
      `Set-LabSwitch -Name ${psQuote(vswitch.name, field("name"))} -Type ${psQuote(SWITCH_TYPE[vswitch.type], field("type"))} -AdapterName ${psQuote(adapter, field("adapterName"))} -AllowManagementOS ${psBool(vswitch.allowManagementOS)}`,
    );
  }

  lines.push("", "# VM network adapters");
  const vms = model.machines
    .filter(
      (machine) =>
        machine.labId === host.labId && (machine.kind === "router" || machine.kind === "utility-vm"),
    )
    .sort((a, b) => compareText(a.name, b.name));
  for (const vm of vms) {
    const nics = (index.nicsByMachine.get(vm.id) ?? []).slice().sort((a, b) => compareText(a.mac, b.mac));
    for (const nic of nics) {
      const vswitch = nic.vswitchId ? switchById.get(nic.vswitchId) : undefined;
      if (!vswitch) {
        lines.push(
          `# ${commentText(`${vm.name} ${nic.name} (${nic.mac})`, `NIC ${nic.id} name`)} is not connected to a switch of this host`,
        );
        continue;
      }
      lines.push(
        `Set-LabVmAdapter -VMName ${psQuote(vm.name, `machine ${vm.id} name`)} -MacAddress ${psQuote(windowsMac(nic.mac), `NIC ${nic.id} mac`)} -SwitchName ${psQuote(vswitch.name, `vSwitch ${vswitch.id} name`)} -MacSpoofing ${psBool(nic.macSpoofing)} -VlanId ${nic.vlanId ?? 0}`,
      );
    }
  }

  lines.push("", "# Host vNICs and their leases");
  const hostNics = (index.nicsByMachine.get(host.id) ?? [])
    .slice()
    .sort((a, b) => compareText(a.name, b.name));
  for (const nic of hostNics) lines.push(...hostVnicLines(index, nic, switchById));

  lines.push(
    "",
    "if ($WhatIfPreference) { Write-Host 'WhatIf: nothing was changed' }",
    'else { Write-Host "labnet: $script:changes change(s) applied" }',
  );
  return { content: `${UTF8_BOM}${lines.join("\n")}\n`, warnings };
}

function hostVnicLines(index: ModelIndex, nic: Nic, switchById: Map<string, VSwitch>): string[] {
  const vswitch = nic.vswitchId ? switchById.get(nic.vswitchId) : undefined;
  if (!vswitch)
    return [`# host NIC ${commentText(nic.name, `NIC ${nic.id} name`)} is not on a switch of this host`];
  const lease = index.model.leases.find(
    (candidate) => candidate.nicId === nic.id || candidate.mac === nic.mac,
  );
  return [
    `Test-LabHostVnic -SwitchName ${psQuote(vswitch.name, `vSwitch ${vswitch.id} name`)} -MacAddress ${psQuote(lease ? windowsMac(lease.mac) : "", `lease ${lease?.id} mac`)} -LeaseIp ${psQuote(lease?.ip ?? "", `lease ${lease?.id} ip`)} -VlanId ${nic.vlanId ?? 0}`,
  ];
}
