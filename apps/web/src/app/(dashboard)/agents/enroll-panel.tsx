"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ErrorNotice } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";
import {
  type AgentPlatform,
  type DownloadEntry,
  installCommands,
  loopbackWarning,
  parseServerAddress,
  platformForKind,
  platformLabels,
} from "./install-commands";

/** The manifest of GET /api/agent/v1/download: the agent files this labnet serves. */
interface DownloadManifest {
  version: string;
  files: (DownloadEntry & { name: string; description: string })[];
}

const platformFiles: Record<AgentPlatform, string[]> = {
  openwrt: ["openwrt/labnet-agent.sh", "openwrt/labnet-agent.init"],
  linux: ["labnet-agent.mjs"],
  windows: ["labnet-agent.mjs"],
};

/**
 * Creates a one-time enrollment token and shows it once, inside the install commands for the
 * machine's platform: fetch the agent from this labnet (sha256 checked), enroll, run as a service.
 */
export function EnrollPanel({
  machine,
  labnetUrl,
  onClose,
}: {
  machine: { id: string; name: string; kind: string };
  /** LABNET_URL when the server has it: the address agents should use. */
  labnetUrl: string | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const create = useMutation(trpc.agent.createEnrollment.mutationOptions());
  const downloads = useQuery({
    queryKey: ["agent-downloads"],
    queryFn: async (): Promise<DownloadManifest> => {
      const response = await fetch("/api/agent/v1/download");
      const body = await response.json();
      if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      return body as DownloadManifest;
    },
    staleTime: 60_000,
  });
  const [address, setAddress] = useState(labnetUrl ?? "");
  useEffect(() => {
    if (!labnetUrl) setAddress((current) => current || window.location.origin);
  }, [labnetUrl]);
  const [platform, setPlatform] = useState<AgentPlatform>(platformForKind(machine.kind));
  const parsed = parseServerAddress(address);
  const server = "server" in parsed ? parsed.server : null;
  const warning = server ? loopbackWarning(server) : null;
  const files = (downloads.data?.files ?? []).filter((file) => platformFiles[platform].includes(file.path));
  const secret = create.data?.secret;
  const commands =
    secret && server && downloads.data
      ? installCommands(platform, server, secret, downloads.data.files)
      : null;
  return (
    <section
      aria-label={`Enroll ${machine.name}`}
      className="mb-4 rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm"
    >
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 className="font-semibold">Enroll an agent on {machine.name}</h2>
          <p className="mt-1 text-slate-700">
            The token works once and expires in 24 hours. The agent trades it for its own token, which never
            leaves the host. Enrolling again replaces the machine's current agent.
          </p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-xs"
        >
          Close
        </button>
      </div>

      <label className="mt-3 block">
        <span className="text-xs font-medium text-slate-600">
          labnet's address, as the machine reaches it
        </span>
        <input
          value={address}
          onChange={(event) => setAddress(event.target.value)}
          aria-label="Server address"
          aria-invalid={"error" in parsed}
          className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
        />
      </label>
      {"error" in parsed && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          Server address: {parsed.error}
        </p>
      )}
      {warning && (
        <p role="alert" className="mt-1 rounded bg-amber-100 px-2 py-1 text-xs text-amber-900">
          {warning}
        </p>
      )}

      <fieldset className="mt-3">
        <legend className="text-xs font-medium text-slate-600">Install on</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {(Object.keys(platformLabels) as AgentPlatform[]).map((choice) => (
            <label key={choice} className="flex items-center gap-1 text-xs">
              <input
                type="radio"
                name="agent-platform"
                checked={platform === choice}
                onChange={() => setPlatform(choice)}
              />
              {platformLabels[choice]}
            </label>
          ))}
        </div>
      </fieldset>

      {downloads.isError && (
        <ErrorNotice title="This labnet cannot offer the agent files" message={downloads.error.message} />
      )}
      {files.length > 0 && (
        <table aria-label="Agent downloads" className="mt-3 w-full text-left text-xs">
          <thead className="text-slate-600">
            <tr>
              <th className="py-1 pr-3 font-medium">File (v{downloads.data?.version})</th>
              <th className="py-1 pr-3 font-medium">Size</th>
              <th className="py-1 font-medium">sha256</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.path}>
                <td className="py-1 pr-3">
                  <a href={file.url} className="text-sky-800 underline" title={file.description}>
                    {file.name}
                  </a>
                </td>
                <td className="py-1 pr-3 tabular-nums">{(file.size / 1024).toFixed(1)} KiB</td>
                <td className="break-all py-1 font-mono">{file.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {!secret && (
        <button
          type="button"
          disabled={create.isPending}
          onClick={() => create.mutate({ machineId: machine.id })}
          className="mt-3 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {create.isPending ? "Creating…" : "Create enrollment token"}
        </button>
      )}
      {create.isError && <ErrorNotice title="Could not create the token" message={create.error.message} />}
      {secret && (
        <div className="mt-3 space-y-3">
          <p className="font-medium text-amber-900">Copy it now: labnet shows this token only once.</p>
          <label className="block">
            <span className="text-xs font-medium text-slate-600">Enrollment token</span>
            <input
              readOnly
              value={secret}
              aria-label="Enrollment token"
              className="mt-1 block w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs"
              onFocus={(event) => event.target.select()}
            />
          </label>
          {commands && (
            <figure aria-label="Install commands" className="m-0">
              <div className="flex items-center justify-between">
                <span className="text-xs font-medium text-slate-600">
                  {platformLabels[platform]}: run{" "}
                  {platform === "windows" ? "in an elevated PowerShell" : "as root"}
                </span>
                <CopyButton text={commands} />
              </div>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                {commands}
              </pre>
            </figure>
          )}
        </div>
      )}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setCopied("copied"),
          () => setCopied("failed"),
        )
      }
    >
      {copied === "copied" ? "Copied" : copied === "failed" ? "Select and copy by hand" : "Copy"}
    </button>
  );
}
