"use client";

import Link from "next/link";
import type { IntranetData } from "./intranet-detail";

const shown = 256;

/** The intranet's /24 segments as a 16×16 map: used (site name), reserved, free. */
export function SegmentMap({
  data,
  onPickFree,
}: {
  data: IntranetData;
  onPickFree: (segment: number) => void;
}) {
  const { intranet, sites } = data;
  const bySegment = new Map(sites.map((site) => [site.segment, site]));
  const reserved = new Set(intranet.reservedSegments);
  const count = Math.min(intranet.segmentCount, shown);
  const free = intranet.segmentCount - sites.length - intranet.reservedSegments.length;
  return (
    <section aria-label="Segment map" className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold">Segment map</h2>
        <p className="text-xs text-slate-600">
          <Swatch className="bg-sky-600" /> used {sites.length} · <Swatch className="bg-slate-400" /> reserved{" "}
          {intranet.reservedSegments.length} · <Swatch className="border border-slate-300 bg-white" /> free{" "}
          {free}
          {intranet.segmentCount > shown && ` · showing the first ${shown} of ${intranet.segmentCount}`}
        </p>
      </div>
      <ol className="grid grid-cols-16 gap-0.5 text-[10px]">
        {Array.from({ length: count }, (_, index) => index).map((segment) => {
          const site = bySegment.get(segment);
          if (site) {
            return (
              <li key={segment}>
                <Link
                  href={`/labs/${site.labId}`}
                  title={`segment ${segment}: site ${site.tincName} (${site.labName})`}
                  aria-label={`segment ${segment}: site ${site.tincName}`}
                  className="block h-9 truncate rounded-sm bg-sky-600 px-0.5 pt-0.5 text-white hover:bg-sky-800"
                >
                  <span className="block opacity-80">{segment}</span>
                  {site.tincName}
                </Link>
              </li>
            );
          }
          if (reserved.has(segment)) {
            return (
              <li
                key={segment}
                title={`segment ${segment}: reserved`}
                className="h-9 rounded-sm bg-slate-400 px-0.5 pt-0.5 text-white"
              >
                {segment}
              </li>
            );
          }
          return (
            <li key={segment}>
              <button
                type="button"
                tabIndex={-1}
                onClick={() => onPickFree(segment)}
                title={`segment ${segment}: free — click to add a site here`}
                className="block h-9 w-full rounded-sm border border-slate-200 bg-white px-0.5 pt-0.5 text-left text-slate-400 hover:border-sky-500"
              >
                {segment}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function Swatch({ className }: { className: string }) {
  return <span className={`inline-block h-2.5 w-2.5 rounded-sm align-middle ${className}`} />;
}
