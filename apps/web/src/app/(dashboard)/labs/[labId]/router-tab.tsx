"use client";

import { useEffect, useState } from "react";
import { useRefreshAll } from "~/components/forms/use-saved";
import { EmptyState } from "~/components/ui/states";
import type { LabDetailData } from "./lab-detail";
import { RouterSettingsForm } from "./router-settings-form";
import { SharesEditor } from "./shares-editor";
import { UplinkEditor } from "./uplink-editor";

export type RouterMachine = LabDetailData["machines"][number] & {
  router: NonNullable<LabDetailData["machines"][number]["router"]>;
};

/** What each router section needs: the router as loaded, the version to save against, and how to move on. */
export interface RouterSectionProps {
  machine: RouterMachine;
  version: number;
  /** Our own save moved the version on: the other sections keep their drafts and save against it. */
  onSaved: (version: number) => void;
  /** After a conflict: re-read the router and start every section over from it. */
  onReload: () => void;
}

export function RouterTab({ data }: { data: LabDetailData }) {
  const routers = data.machines.filter((machine): machine is RouterMachine => machine.router !== null);
  if (routers.length === 0) {
    return (
      <EmptyState title="This lab has no router yet">
        Add a machine of kind “Router VM (OpenWrt)” on the Machines tab.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-8">
      {routers.map((machine) => (
        <RouterSection key={machine.id} machine={machine} />
      ))}
    </div>
  );
}

/**
 * Settings, uplink chain and shares share the router's version. Each section edits a snapshot
 * taken when the tab opened; a background refetch does not touch drafts or the version.
 */
function RouterSection({ machine }: { machine: RouterMachine }) {
  const refresh = useRefreshAll();
  const [snapshot, setSnapshot] = useState({ machine, generation: 0 });
  const [version, setVersion] = useState(machine.router.version);
  const [reloaded, setReloaded] = useState(false);
  useEffect(() => {
    if (!reloaded) return;
    setReloaded(false);
    setSnapshot((current) => ({ machine, generation: current.generation + 1 }));
    setVersion(machine.router.version);
  }, [reloaded, machine]);
  const props: RouterSectionProps = {
    machine: snapshot.machine,
    version,
    onSaved: setVersion,
    onReload: async () => {
      await refresh();
      setReloaded(true);
    },
  };
  return (
    <section aria-label={`Router ${machine.name}`} className="space-y-4">
      <h2 className="text-lg font-semibold">
        {machine.name}{" "}
        <span className="text-sm font-normal text-slate-500">
          OpenWrt {snapshot.machine.router.openwrtVersion} · settings version {version}
        </span>
      </h2>
      <RouterSettingsForm key={`settings-${snapshot.generation}`} {...props} />
      <UplinkEditor key={`uplink-${snapshot.generation}`} {...props} />
      <SharesEditor key={`shares-${snapshot.generation}`} {...props} />
    </section>
  );
}
