"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { IntranetMap, siteWarnings } from "~/components/insight/intranet-map";
import type { MeshSite } from "~/components/insight/types";
import { EmptyState, ErrorNotice, LoadingRows } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

export function MeshPanel() {
  const trpc = useTRPC();
  const router = useRouter();
  const mesh = useQuery(trpc.insight.mesh.queryOptions());
  const openSite = useCallback(
    (site: MeshSite) => {
      if (site.labId) router.push(`/insight/labs/${encodeURIComponent(site.labId)}`);
    },
    [router],
  );
  const markReady = useCallback(() => performance.mark("insight:map-ready"), []);

  if (mesh.isPending) return <LoadingRows label="Simulating your team's networks…" />;
  if (mesh.isError)
    return (
      <ErrorNotice
        title="Could not simulate the intranets"
        message={mesh.error.message}
        action={
          <button type="button" onClick={() => mesh.refetch()} className="rounded border px-2 py-1 text-sm">
            Try again
          </button>
        }
      />
    );
  if (mesh.data.intranets.length === 0)
    return (
      <EmptyState title="No intranet yet">
        Create an intranet and add your labs' routers as sites to see the tinc mesh here.{" "}
        <Link href="/intranets" className="text-sky-800 underline">
          Go to Intranets
        </Link>
      </EmptyState>
    );
  return (
    <div className="space-y-6">
      {mesh.data.intranets.map((intranet) => {
        const weak = intranet.sites.filter((site) => siteWarnings(site).length > 0);
        const names = new Map(intranet.sites.map((site) => [site.id, site.tincName]));
        return (
          <section
            key={intranet.id}
            id={intranet.id}
            aria-labelledby={`${intranet.id}-title`}
            className="space-y-2"
          >
            <div className="flex flex-wrap items-baseline gap-x-3">
              <h2 id={`${intranet.id}-title`} className="text-lg font-semibold">
                {intranet.name}
              </h2>
              <span className="text-sm text-slate-600">
                {intranet.cidr} · tinc {intranet.mode} mode · netname {intranet.netname} ·{" "}
                {intranet.sites.length} sites
              </span>
              <span
                className={`text-sm font-medium ${intranet.connected ? "text-emerald-700" : "text-red-700"}`}
              >
                {intranet.connected ? "mesh connected" : `mesh split into ${intranet.components} parts`}
              </span>
            </div>
            {intranet.sites.length === 0 ? (
              <EmptyState title="This intranet has no sites">
                Add a lab's router as a site of this intranet.
              </EmptyState>
            ) : (
              <div className="grid gap-3 lg:grid-cols-[1fr_300px]">
                <IntranetMap intranet={intranet} onOpenSite={openSite} onReady={markReady} />
                <div className="max-h-[520px] overflow-y-auto rounded-lg border border-slate-200 bg-white p-3 text-sm">
                  <h3 className="font-medium">Weak spots</h3>
                  {weak.length === 0 ? (
                    <p className="mt-1 text-slate-600">
                      No articulation, offline or under-connected site: any single notebook may close without
                      cutting the mesh.
                    </p>
                  ) : (
                    <ul className="mt-1 space-y-2">
                      {weak.map((site) => (
                        <li key={site.id}>
                          {site.labId ? (
                            <Link
                              href={`/insight/labs/${encodeURIComponent(site.labId)}`}
                              className="font-medium text-sky-800 hover:underline"
                            >
                              {site.tincName}
                            </Link>
                          ) : (
                            <span className="font-medium">{site.tincName}</span>
                          )}
                          <ul className="list-disc pl-5 text-slate-700">
                            {siteWarnings(site).map((warning) => (
                              <li key={warning}>{warning}</li>
                            ))}
                          </ul>
                        </li>
                      ))}
                    </ul>
                  )}
                  <h3 className="mt-3 font-medium">Failed ConnectTo</h3>
                  {intranet.edges.every((edge) => edge.working) ? (
                    <p className="mt-1 text-slate-600">Every ConnectTo can reach its target.</p>
                  ) : (
                    <ul className="mt-1 list-disc space-y-1 pl-5 text-slate-700">
                      {intranet.edges
                        .filter((edge) => !edge.working)
                        .map((edge) => (
                          <li key={edge.id}>
                            {names.get(edge.from)} → {names.get(edge.to)}: {edge.reason}
                          </li>
                        ))}
                    </ul>
                  )}
                  <p className="mt-3 text-xs text-slate-500">
                    Click a site (or focus it with Tab and press Enter) to open its lab map. Orange:
                    articulation site; amber: fewer than 3 ConnectTo; red: offline; dashed red arrow: a
                    ConnectTo that cannot work.
                  </p>
                </div>
              </div>
            )}
          </section>
        );
      })}
      {mesh.data.labsWithoutSite.length > 0 && (
        <p className="text-sm text-slate-600">
          Labs in no intranet:{" "}
          {mesh.data.labsWithoutSite.map((lab, index) => (
            <span key={lab.id}>
              {index > 0 && ", "}
              <Link
                href={`/insight/labs/${encodeURIComponent(lab.id)}`}
                className="text-sky-800 hover:underline"
              >
                {lab.name}
              </Link>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
