// Drift: what the machine's agent last observed, compared with the inventory. Each item says what
// differs, why it matters and, where one edit fixes it, carries that edit's input for the normal
// (audited, version-checked) inventory mutation, so the dashboard fixes it in one click.
import { isMacIncrementOf } from "@labnet/model";
import { verdictFor } from "@labnet/sim";
import type { z } from "zod";
import type { AuditContext } from "../audit";
import { notFound } from "../errors";
import { teamInsight } from "../router/insight/cache";
import type {
  interfaceObservation,
  leaseObservation,
  pmtuProbeObservation,
  tincPeerObservation,
} from "./protocol";
import { latestObservations } from "./reports";

type ObservedLease = z.infer<typeof leaseObservation>;
type ObservedInterface = z.infer<typeof interfaceObservation>;
type ObservedTincPeer = z.infer<typeof tincPeerObservation>;
type ObservedProbe = z.infer<typeof pmtuProbeObservation>;

export interface LeaseFix {
  /** The full input of `lease.update`: the registered lease with the observed MAC. */
  procedure: "lease.update";
  input: {
    id: string;
    version: number;
    siteId: string;
    mac: string;
    ip: string;
    hostname: string;
    leaseTime: string;
    tags: string[];
    nicId: string | null;
  };
}

export interface DriftItem {
  kind: "lease-mac-incremented" | "lease-not-in-effect" | "nic-mtu" | "nic-missing" | "revision";
  severity: "warning" | "info";
  subject: string;
  observed: string;
  desired: string;
  message: string;
  fix?: LeaseFix;
}

export async function machineDrift(ctx: AuditContext, machineId: string) {
  const machine = await ctx.db.machine.findFirst({
    where: { id: machineId, organizationId: ctx.teamId },
    select: {
      id: true,
      name: true,
      kind: true,
      nics: { select: { id: true, name: true, mac: true, mtu: true } },
      agents: { where: { revokedAt: null }, select: { appliedRevision: true }, take: 1 },
    },
  });
  if (!machine) throw notFound("Machine");
  const [observations, leases, desired] = await Promise.all([
    latestObservations(ctx.db, machine.id),
    ctx.db.staticLease.findMany({
      where: {
        organizationId: ctx.teamId,
        site: { OR: [{ routerId: machine.id, dhcpServerId: null }, { dhcpServerId: machine.id }] },
      },
      orderBy: { hostname: "asc" },
    }),
    ctx.db.machineRevision.findFirst({
      where: { machineId: machine.id },
      orderBy: { number: "desc" },
      select: { number: true },
    }),
  ]);
  const items: DriftItem[] = [];

  const observedLeases = (observations.leases?.data ?? []) as ObservedLease[];
  if (observations.leases) {
    const byMac = new Map(observedLeases.map((lease) => [lease.mac, lease]));
    for (const lease of leases) {
      if (byMac.has(lease.mac)) {
        const live = byMac.get(lease.mac)!;
        if (live.ip !== lease.ip) {
          items.push({
            kind: "lease-not-in-effect",
            severity: "warning",
            subject: `lease ${lease.hostname}`,
            observed: `${lease.mac} holds ${live.ip}`,
            desired: `${lease.mac} → ${lease.ip}`,
            message: `${lease.hostname} still holds ${live.ip}, not its static ${lease.ip}: dnsmasq gives the static address at the client's next renewal, or another client holds it.`,
          });
        }
        continue;
      }
      // The same host (same IP or hostname) now asking with the registered MAC + 1..3: the
      // Windows feature-update increment the seed article describes.
      const drifted = observedLeases.find(
        (live) =>
          isMacIncrementOf(lease.mac, live.mac) &&
          (live.ip === lease.ip || live.hostname?.toLowerCase() === lease.hostname),
      );
      if (drifted) {
        items.push({
          kind: "lease-mac-incremented",
          severity: "warning",
          subject: `lease ${lease.hostname}`,
          observed: `${drifted.mac} (${drifted.ip})`,
          desired: lease.mac,
          message: `host MAC drifted (Windows update?) — ${lease.hostname} now asks with ${drifted.mac}, registered ${lease.mac}. Update the lease?`,
          fix: {
            procedure: "lease.update",
            input: {
              id: lease.id,
              version: lease.version,
              siteId: lease.siteId,
              mac: drifted.mac,
              ip: lease.ip,
              hostname: lease.hostname,
              leaseTime: lease.leaseTime,
              tags: lease.tags,
              nicId: lease.nicId,
            },
          },
        });
      }
    }
  }

  if (observations.interfaces) {
    const observedInterfaces = observations.interfaces.data as ObservedInterface[];
    for (const nic of machine.nics) {
      const live = observedInterfaces.find((candidate) => candidate.mac === nic.mac);
      if (!live) {
        const incremented = observedInterfaces.find(
          (candidate) => candidate.mac && isMacIncrementOf(nic.mac, candidate.mac),
        );
        items.push({
          kind: "nic-missing",
          severity: "warning",
          subject: `NIC ${nic.name}`,
          observed: incremented ? `${incremented.name} ${incremented.mac}` : "no interface with this MAC",
          desired: nic.mac,
          message: incremented
            ? `${nic.name}'s MAC moved to ${incremented.mac} (Windows update?): leases and MAC filters keyed on ${nic.mac} no longer match.`
            : `No interface on ${machine.name} has ${nic.mac}: the NIC was replaced or its MAC regenerated.`,
        });
      } else if (live.mtu && live.mtu !== nic.mtu) {
        items.push({
          kind: "nic-mtu",
          severity: "warning",
          subject: `NIC ${nic.name}`,
          observed: `MTU ${live.mtu}`,
          desired: `MTU ${nic.mtu}`,
          message: `${live.name} runs with MTU ${live.mtu}; the inventory says ${nic.mtu}. Path-MTU figures in the simulation assume ${nic.mtu}.`,
        });
      }
    }
  }

  const applied = machine.agents[0]?.appliedRevision ?? null;
  if (desired && applied !== desired.number) {
    items.push({
      kind: "revision",
      severity: "info",
      subject: "config",
      observed: applied === null ? "nothing applied yet" : `revision ${applied}`,
      desired: `revision ${desired.number}`,
      message: "The agent has not applied the latest published revision yet (see its last result).",
    });
  }

  return {
    machine: { id: machine.id, name: machine.name, kind: machine.kind },
    observedAt: Object.fromEntries(
      Object.entries(observations).map(([kind, row]) => [kind, row!.observedAt]),
    ),
    observedLeases,
    /** The latest tinc node list (null: never reported, e.g. no tinc here or tinc 1.0 without --logfile). */
    tincPeers: observations.tinc_peers
      ? {
          observedAt: observations.tinc_peers.observedAt,
          peers: observations.tinc_peers.data as ObservedTincPeer[],
        }
      : null,
    /** The latest path-MTU probe round; each probe has its measuredAt and the simulator's prediction. */
    pmtuProbes: observations.pmtu_probes
      ? {
          observedAt: observations.pmtu_probes.observedAt,
          probes: await withPredictions(ctx, machine.id, observations.pmtu_probes.data as ObservedProbe[]),
        }
      : null,
    items,
  };
}

export interface PredictedPathMtu {
  pathMtu: number | null;
  /** False when the simulator knows only an upper bound (tinc probing through dropped ICMP). */
  certain: boolean;
  /** Measured and predicted disagree (for an upper bound: only a measurement above it). */
  mismatch: boolean;
}

/**
 * The simulator's path MTU from this machine to each probed target that is an address in the
 * inventory (another site's router or host); targets outside it (tinc's public Addresses) get null.
 */
async function withPredictions(ctx: AuditContext, machineId: string, probes: ObservedProbe[]) {
  const analysis = await teamInsight(ctx.db, ctx.teamId).then(
    (insight) => insight.analysis,
    // An inventory the simulator cannot use yet must not hide the measurements.
    () => null,
  );
  const sources = analysis?.endpoints.filter((endpoint) => endpoint.machineId === machineId) ?? [];
  return probes.map((probe) => {
    const target = analysis?.endpoints.find((endpoint) => endpoint.ip === probe.target);
    let predicted: PredictedPathMtu | null = null;
    if (analysis && target) {
      const verdict = sources
        .map((source) => verdictFor(analysis, source.id, target.id))
        .find((candidate) => candidate.reachable);
      if (verdict) {
        const certain = verdict.pathMtuUpperBound !== true;
        const measured = probe.pathMtu;
        predicted = {
          pathMtu: verdict.pathMtu,
          certain,
          mismatch:
            measured !== null &&
            verdict.pathMtu !== null &&
            (certain ? measured !== verdict.pathMtu : measured > verdict.pathMtu),
        };
      } else {
        predicted = { pathMtu: null, certain: true, mismatch: probe.pathMtu !== null };
      }
    }
    return { ...probe, predicted };
  });
}
