// Deterministic placement of one lab, drawn the way the seed article describes it, left to right:
// VMs and the Hyper-V host → internal/private vSwitches → router VM(s) → external vSwitches →
// the router's uplink chain (home router, modem, ISP…) → the internet. Each NIC is a handle on its
// machine, so an edge runs from exactly the NIC (labelled with MAC and IP) to its switch.
import type { LabView } from "./types";

export type LabNodeKind = "machine" | "router" | "vswitch" | "hop" | "internet";

export interface LabNodePlacement {
  id: string;
  kind: LabNodeKind;
  x: number;
  y: number;
}

export interface LabEdgePlacement {
  id: string;
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
  /** NIC edges carry the NIC id; chain edges (switch → hop → internet) do not. */
  nicId: string | null;
}

export interface LabLayout {
  nodes: LabNodePlacement[];
  edges: LabEdgePlacement[];
}

export const labColumns = { width: 220, gap: 44 };
const rowGap = 28;
/** The host stand-in for vNICs that sim assumes but nobody modelled. */
export const unmodelledHostId = "host:unmodelled";

export function machineHeight(nicCount: number): number {
  return 52 + 34 * Math.max(1, nicCount);
}

export function labLayout(view: LabView): LabLayout {
  const nodes: LabNodePlacement[] = [];
  const edges: LabEdgePlacement[] = [];
  const column = (index: number) => index * (labColumns.width + labColumns.gap);
  const outward = new Set(
    view.vswitches
      .filter((vswitch) => vswitch.type === "external" || vswitch.type === "default")
      .map((v) => v.id),
  );
  const routers = view.machines.filter((machine) => machine.kind === "router");
  const others = view.machines.filter((machine) => machine.kind !== "router");
  const stack = (columnIndex: number, items: { id: string; kind: LabNodeKind; height: number }[]) => {
    let y = 0;
    for (const item of items) {
      nodes.push({ id: item.id, kind: item.kind, x: column(columnIndex), y });
      y += item.height + rowGap;
    }
  };
  const hostVnics = view.hostVnics.length > 0 && !others.some((machine) => machine.kind === "hyperv-host");
  stack(0, [
    ...others.map((machine) => ({
      id: machine.id,
      kind: "machine" as const,
      height: machineHeight(machine.nics.length),
    })),
    ...(hostVnics
      ? [{ id: unmodelledHostId, kind: "machine" as const, height: machineHeight(view.hostVnics.length) }]
      : []),
  ]);
  stack(
    1,
    view.vswitches
      .filter((vswitch) => !outward.has(vswitch.id))
      .map((vswitch) => ({ id: vswitch.id, kind: "vswitch" as const, height: 64 })),
  );
  stack(
    2,
    routers.map((machine) => ({
      id: machine.id,
      kind: "router" as const,
      height: machineHeight(machine.nics.length),
    })),
  );
  stack(
    3,
    view.vswitches
      .filter((vswitch) => outward.has(vswitch.id))
      .map((vswitch) => ({ id: vswitch.id, kind: "vswitch" as const, height: 64 })),
  );
  for (const machine of view.machines) {
    for (const nic of machine.nics) {
      if (nic.vswitchId === null) continue;
      edges.push({
        id: `nic:${nic.id}`,
        source: machine.id,
        sourceHandle: nic.id,
        target: nic.vswitchId,
        targetHandle:
          machine.kind === "router" && outward.has(nic.vswitchId)
            ? "in"
            : machine.kind === "router"
              ? "out"
              : "in",
        nicId: nic.id,
      });
    }
  }
  for (const vnic of view.hostVnics) {
    const host = hostVnics ? unmodelledHostId : others.find((machine) => machine.kind === "hyperv-host")!.id;
    edges.push({
      id: `nic:${vnic.id}`,
      source: host,
      sourceHandle: vnic.id,
      target: vnic.vswitchId,
      targetHandle: "in",
      nicId: vnic.id,
    });
  }
  // Each router's uplink chain on its own row, level with the router.
  let internet = false;
  for (const router of view.routers) {
    const routerNode = nodes.find((node) => node.id === router.machineId);
    if (!routerNode) continue;
    const machine = routers.find((candidate) => candidate.id === router.machineId)!;
    const wanSwitch = machine.nics.find((nic) => nic.role === "wan" && nic.vswitchId)?.vswitchId ?? null;
    let previous: { id: string; handle: string | null } = wanSwitch
      ? { id: wanSwitch, handle: "out" }
      : { id: router.machineId, handle: "uplink" };
    router.uplink.forEach((hop, index) => {
      nodes.push({ id: hop.id, kind: "hop", x: column(4 + index), y: routerNode.y });
      edges.push({
        id: `chain:${previous.id}->${hop.id}`,
        source: previous.id,
        sourceHandle: previous.handle,
        target: hop.id,
        targetHandle: "in",
        nicId: null,
      });
      previous = { id: hop.id, handle: "out" };
    });
    if (router.internet.reachable) {
      internet = true;
      edges.push({
        id: `chain:${previous.id}->internet`,
        source: previous.id,
        sourceHandle: previous.handle,
        target: "internet",
        targetHandle: "in",
        nicId: null,
      });
    }
  }
  if (internet) {
    const longest = Math.max(0, ...view.routers.map((router) => router.uplink.length));
    nodes.push({ id: "internet", kind: "internet", x: column(4 + longest), y: 0 });
  }
  return { nodes, edges };
}
