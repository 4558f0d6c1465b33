"use client";
// The tinc mesh of one intranet as a graph: sites as cards, ConnectTo as arrows. Articulation
// sites (one notebook closing cuts the mesh) and under-connected sites (fewer than 3 ConnectTo)
// are highlighted; a failed ConnectTo is a dashed red arrow whose tooltip says why. Positions come
// from meshLayout, so the picture is the same on every visit.
import "@xyflow/react/dist/style.css";
import {
  Background,
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
import { meshLayout, siteCard } from "./mesh-layout";
import type { MeshIntranet, MeshSite } from "./types";

/** What the site's agent reports; one prop so the agents feature can fill it in later. */
export type AgentStatus = "no agent" | "online" | "stale" | "offline";

type SiteNodeData = { site: MeshSite; agent: AgentStatus; onOpen: (site: MeshSite) => void };
type SiteNode = Node<SiteNodeData, "site">;

export function siteWarnings(site: MeshSite): string[] {
  const warnings: string[] = [];
  if (!site.online) warnings.push(`offline: ${site.offlineReason ?? "no way out"}`);
  if (site.articulation)
    warnings.push(
      `articulation site: if it goes down, ${site.cutsOff.map((group) => group.join(", ")).join(" / ")} lose the mesh`,
    );
  if (site.underConnected)
    warnings.push(`only ${site.connectToCount} ConnectTo (3 or more keep it attached)`);
  return warnings;
}

const centre = { top: "50%", left: "50%", opacity: 0, pointerEvents: "none" as const };

function SiteCard({ data }: NodeProps<SiteNode>) {
  const { site, agent, onOpen } = data;
  const warnings = siteWarnings(site);
  const tone = !site.online
    ? "border-red-500 bg-red-50"
    : site.articulation
      ? "border-orange-500 bg-orange-50"
      : site.underConnected
        ? "border-amber-400 bg-amber-50"
        : "border-slate-300 bg-white";
  return (
    <button
      type="button"
      onClick={() => onOpen(site)}
      title={[`Open ${site.labName}'s lab map`, ...warnings].join("\n")}
      aria-label={`Site ${site.tincName}, ${site.subnet}, lab ${site.labName}${warnings.length ? `; ${warnings.join("; ")}` : ""}. Open its lab map.`}
      style={{ width: siteCard.width, minHeight: siteCard.height }}
      className={`nodrag cursor-pointer rounded-lg border-2 px-3 py-2 text-left text-xs shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600 ${tone}`}
    >
      {/* ConnectTo arrows run centre to centre: one invisible handle of each type in the middle. */}
      <Handle type="source" position={Position.Top} style={centre} isConnectable={false} />
      <Handle type="target" position={Position.Top} style={centre} isConnectable={false} />
      <span className="flex items-center justify-between gap-1">
        <span className="truncate text-sm font-semibold text-slate-900">{site.tincName}</span>
        <span className="font-mono text-slate-500">.{site.segment}</span>
      </span>
      <span className="block truncate font-mono text-slate-600">{site.subnet}</span>
      <span className="block truncate text-slate-700">{site.labName}</span>
      <span className="mt-1 flex flex-wrap gap-1">
        <span className="rounded bg-slate-100 px-1 text-slate-600">{agent}</span>
        {site.articulation && (
          <span className="rounded bg-orange-200 px-1 text-orange-900">articulation</span>
        )}
        {site.underConnected && (
          <span className="rounded bg-amber-200 px-1 text-amber-900">{site.connectToCount} ConnectTo</span>
        )}
        {!site.online && <span className="rounded bg-red-200 px-1 text-red-900">offline</span>}
        {site.findings.error > 0 && (
          <span className="rounded bg-red-100 px-1 text-red-800">{site.findings.error} err</span>
        )}
        {site.findings.warning > 0 && (
          <span className="rounded bg-amber-100 px-1 text-amber-900">{site.findings.warning} warn</span>
        )}
      </span>
    </button>
  );
}

const nodeTypes = { site: SiteCard };

export interface IntranetMapProps {
  intranet: MeshIntranet;
  onOpenSite: (site: MeshSite) => void;
  agentStatus?: (siteId: string) => AgentStatus;
  /** Called once the graph has been laid out and drawn (the e2e measures time to interactive). */
  onReady?: () => void;
  height?: number;
}

export function IntranetMap({ intranet, onOpenSite, agentStatus, onReady, height = 520 }: IntranetMapProps) {
  const { nodes, edges } = useMemo(() => {
    const positions = meshLayout(intranet.sites);
    const names = new Map(intranet.sites.map((site) => [site.id, site.tincName]));
    const nodes: SiteNode[] = intranet.sites.map((site) => ({
      id: site.id,
      type: "site",
      position: positions.get(site.id)!,
      // Known sizes: with only visible nodes rendered (large meshes) React Flow never measures the
      // others, and fitView would centre on an empty ring without them.
      width: siteCard.width,
      height: siteCard.height,
      data: { site, agent: agentStatus?.(site.id) ?? "no agent", onOpen: onOpenSite },
      draggable: false,
      selectable: false,
    }));
    const edges: Edge[] = intranet.edges.map((edge) => ({
      id: edge.id,
      source: edge.from,
      target: edge.to,
      markerEnd: { type: MarkerType.ArrowClosed, color: edge.working ? "#64748b" : "#dc2626" },
      style: edge.working
        ? { stroke: "#94a3b8", strokeWidth: 1.5 }
        : { stroke: "#dc2626", strokeWidth: 2, strokeDasharray: "6 4" },
      ariaLabel: `${names.get(edge.from)} ConnectTo ${names.get(edge.to)}${edge.working ? "" : `: fails, ${edge.reason}`}`,
      ...(edge.working ? {} : { label: "fails", labelStyle: { fill: "#b91c1c", fontSize: 11 } }),
      type: "straight",
      focusable: false,
    }));
    return { nodes, edges };
  }, [intranet, onOpenSite, agentStatus]);
  return (
    <div
      style={{ height }}
      className="rounded-lg border border-slate-200 bg-slate-50"
      data-testid="intranet-map"
    >
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          minZoom={0.05}
          nodesConnectable={false}
          nodesDraggable={false}
          elementsSelectable={false}
          onlyRenderVisibleElements={intranet.sites.length > 60}
          onInit={() => onReady?.()}
        >
          <Background gap={24} color="#e2e8f0" />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
