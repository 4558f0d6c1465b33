"use client";
// One lab as the seed article draws it: VMs and the Hyper-V host on the internal switch, the
// OpenWrt router VM between LAN and WAN switches, then the uplink chain to the internet. Every
// NIC shows its MAC and address; sim findings are pinned as badges on the node they concern.
import "@xyflow/react/dist/style.css";
import {
  Background,
  ConnectionMode,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from "@xyflow/react";
import { useMemo } from "react";
import { gradeStyle, severityStyle } from "./grades";
import { labColumns, labLayout, unmodelledHostId } from "./lab-layout";
import type { LabView } from "./types";

type Marker = LabView["markers"][number];
type NicRow = {
  id: string;
  name: string;
  mac: string | null;
  ip: string | null;
  mtu: number;
  side: "left" | "right";
};

type CardData = {
  title: string;
  subtitle: string;
  kind: "machine" | "router" | "vswitch" | "hop" | "internet";
  nics: NicRow[];
  facts: string[];
  marker: Marker | null;
  focused: boolean;
};
type CardNode = Node<CardData, "card">;

const handleStyle = { opacity: 0, width: 6, height: 6 };

function MarkerBadge({ marker }: { marker: Marker }) {
  const style = severityStyle[marker.severity];
  return (
    <span
      title={marker.findings.map((finding) => `${finding.severity}: ${finding.title}`).join("\n")}
      className={`rounded px-1.5 py-0.5 text-[11px] font-semibold ring-1 ${style.badge}`}
    >
      {marker.findings.length} {marker.severity === "info" ? "note" : marker.severity}
      {marker.findings.length === 1 ? "" : "s"}
    </span>
  );
}

function Card({ data }: NodeProps<CardNode>) {
  const tone =
    data.kind === "router"
      ? "border-sky-600 bg-sky-50"
      : data.kind === "vswitch"
        ? "border-violet-400 bg-violet-50"
        : data.kind === "hop"
          ? "border-slate-400 bg-white"
          : data.kind === "internet"
            ? "border-emerald-500 bg-emerald-50"
            : "border-slate-300 bg-white";
  const ring = data.marker ? `ring-2 ${severityStyle[data.marker.severity].ring}` : "";
  const focus = data.focused ? "outline outline-4 outline-sky-400" : "";
  return (
    <div
      style={{ width: labColumns.width }}
      className={`rounded-lg border-2 px-3 py-2 text-xs shadow-sm ${tone} ${ring} ${focus}`}
      data-node-kind={data.kind}
    >
      <Handle id="in" type="source" position={Position.Left} style={handleStyle} isConnectable={false} />
      <Handle id="out" type="source" position={Position.Right} style={handleStyle} isConnectable={false} />
      <Handle id="uplink" type="source" position={Position.Right} style={handleStyle} isConnectable={false} />
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate text-sm font-semibold text-slate-900">{data.title}</p>
          <p className="truncate text-slate-600">{data.subtitle}</p>
        </div>
        {data.marker && <MarkerBadge marker={data.marker} />}
      </div>
      {data.facts.length > 0 && (
        <ul className="mt-1 space-y-0.5 text-slate-700">
          {data.facts.map((fact) => (
            <li key={fact}>{fact}</li>
          ))}
        </ul>
      )}
      {data.nics.length > 0 && (
        <ul className="mt-1 space-y-1">
          {data.nics.map((nic) => (
            <li
              key={nic.id}
              className="relative rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[11px] leading-tight"
            >
              <Handle
                id={nic.id}
                type="source"
                position={nic.side === "left" ? Position.Left : Position.Right}
                style={{ ...handleStyle, [nic.side === "left" ? "left" : "right"]: -14 }}
                isConnectable={false}
              />
              <span className="font-sans font-medium">{nic.name}</span> {nic.mac ?? "no MAC"}
              <br />
              {nic.ip ?? "no address"} · MTU {nic.mtu}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const nodeTypes = { card: Card };

export interface LabMapProps {
  view: LabView;
  /** Node to outline, e.g. the object a finding links to. */
  focusId?: string | null;
  height?: number;
}

export function LabMap({ view, focusId = null, height = 560 }: LabMapProps) {
  const { nodes, edges } = useMemo(() => buildFlow(view, focusId), [view, focusId]);
  return (
    <div style={{ height }} className="rounded-lg border border-slate-200 bg-slate-50" data-testid="lab-map">
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          connectionMode={ConnectionMode.Loose}
          fitView
          // Readable text first: a long uplink chain pans instead of shrinking to nothing.
          fitViewOptions={{ minZoom: 0.6, maxZoom: 1 }}
          minZoom={0.1}
          nodesConnectable={false}
          nodesDraggable={false}
          elementsSelectable={false}
        >
          <Background gap={24} color="#e2e8f0" />
          <Controls showInteractive={false} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}

function buildFlow(view: LabView, focusId: string | null): { nodes: CardNode[]; edges: Edge[] } {
  const layout = labLayout(view);
  const markers = new Map(view.markers.map((marker) => [marker.nodeId, marker]));
  const machines = new Map(view.machines.map((machine) => [machine.id, machine]));
  const vswitches = new Map(view.vswitches.map((vswitch) => [vswitch.id, vswitch]));
  const routers = new Map(view.routers.map((router) => [router.machineId, router]));
  const hops = new Map(
    view.routers.flatMap((router) => router.uplink.map((hop) => [hop.id, { hop, router }] as const)),
  );
  const outward = new Set(
    view.vswitches.filter((v) => v.type === "external" || v.type === "default").map((v) => v.id),
  );
  const nodes = layout.nodes.map((placement): CardNode => {
    const base = {
      marker: markers.get(placement.id) ?? null,
      focused: placement.id === focusId,
      nics: [],
      facts: [],
    };
    let data: CardData;
    if (placement.id === unmodelledHostId) {
      data = {
        ...base,
        kind: "machine",
        title: "Windows host (management OS)",
        subtitle: "host vNICs assumed, not modelled",
        nics: view.hostVnics.map((vnic) => ({
          id: vnic.id,
          name: "vEthernet",
          mac: null,
          ip: vnic.ip,
          mtu: vnic.mtu,
          side: "right",
        })),
      };
    } else if (placement.kind === "machine" || placement.kind === "router") {
      const machine = machines.get(placement.id)!;
      const router = routers.get(machine.id);
      const vnics = machine.kind === "hyperv-host" ? view.hostVnics : [];
      data = {
        ...base,
        kind: placement.kind,
        title: machine.name,
        subtitle: `${machine.kind === "hyperv-host" ? "Hyper-V host" : machine.kind === "router" ? "router" : machine.kind === "physical" ? "physical machine" : "VM"}${machine.os ? ` · ${machine.os}` : ""}`,
        facts: router
          ? [
              `${router.tincName ? `tinc site ${router.tincName} · ` : ""}WAN ${router.wanProto}${router.wanMasq ? ", NAT" : ""}${router.mtuFix ? ", mtu_fix" : ""}`,
              router.internet.reachable
                ? `internet: path MTU ${router.internet.pathMtu} (${gradeStyle[router.internet.grade].label})`
                : "internet: no way out",
            ]
          : [],
        nics: [
          ...machine.nics.map((nic) => ({
            id: nic.id,
            name: `${nic.name}${nic.role ? ` (${nic.role})` : ""}${nic.vswitchId ? "" : " — not connected"}`,
            mac: nic.mac,
            ip: nic.ip,
            mtu: nic.mtu,
            side: (machine.kind === "router" && !(nic.vswitchId && outward.has(nic.vswitchId))
              ? "left"
              : "right") as "left" | "right",
          })),
          ...vnics.map((vnic) => ({
            id: vnic.id,
            name: "vEthernet (assumed)",
            mac: null,
            ip: vnic.ip,
            mtu: vnic.mtu,
            side: "right" as const,
          })),
        ],
      };
    } else if (placement.kind === "vswitch") {
      const vswitch = vswitches.get(placement.id)!;
      data = {
        ...base,
        kind: "vswitch",
        title: vswitch.name,
        subtitle: `${vswitch.type} vSwitch${vswitch.adapterName ? ` on ${vswitch.adapterName}${vswitch.adapterMedium === "wifi" ? " (Wi-Fi)" : ""}` : ""}`,
        facts: vswitch.allowManagementOS ? ["shared with the management OS"] : [],
      };
    } else if (placement.kind === "hop") {
      const { hop, router } = hops.get(placement.id)!;
      const narrowest = router.internet.narrowestHopId === hop.id;
      data = {
        ...base,
        kind: "hop",
        title: hop.name,
        subtitle: hop.kind,
        facts: [
          `MTU ${hop.mtu}${hop.overhead > 0 ? ` (${hop.encapsulation} −${hop.overhead} B)` : ""}${narrowest ? " ← narrowest" : ""}`,
          `${hop.nat ? "NAT" : "no NAT"} · ICMP frag-needed ${hop.dropsIcmpFragNeeded === "yes" ? "DROPPED" : hop.dropsIcmpFragNeeded === "no" ? "passes" : "unknown"}${hop.clampsMss ? " · clamps MSS" : ""}`,
        ],
      };
    } else {
      data = { ...base, kind: "internet", title: "internet", subtitle: "" };
    }
    return {
      id: placement.id,
      type: "card",
      position: { x: placement.x, y: placement.y },
      data,
      draggable: false,
      selectable: false,
      style: { width: labColumns.width },
    };
  });
  const edges = layout.edges.map(
    (edge): Edge => ({
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      targetHandle: edge.targetHandle,
      type: "smoothstep",
      style: { stroke: edge.nicId ? "#64748b" : "#0f766e", strokeWidth: edge.nicId ? 1.5 : 2 },
      ...(edge.nicId ? {} : { markerEnd: { type: MarkerType.ArrowClosed, color: "#0f766e" } }),
      focusable: false,
    }),
  );
  return { nodes, edges };
}
