"use client";

import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ErrorNotice } from "~/components/ui/states";
import { useTRPC } from "~/trpc/client";

/** Creates a one-time enrollment token and shows it once, inside copy-paste commands. */
export function EnrollPanel({
  machine,
  onClose,
}: {
  machine: { id: string; name: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const create = useMutation(trpc.agent.createEnrollment.mutationOptions());
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const secret = create.data?.secret;
  const commands = secret
    ? [
        {
          title: "Linux or Windows host (Node 20+)",
          text: `npx labnet-agent enroll --server ${origin} --token ${secret}\nnpx labnet-agent run`,
        },
        {
          title: "Single file (copy dist/labnet-agent.mjs to the host)",
          text: `node labnet-agent.mjs enroll --server ${origin} --token ${secret}\nnode labnet-agent.mjs run`,
        },
        {
          title: "OpenWrt router (shell agent)",
          text: `labnet-agent.sh enroll ${origin} ${secret}\n/etc/init.d/labnet-agent enable && /etc/init.d/labnet-agent start`,
        },
      ]
    : [];
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
          {commands.map((command) => (
            <div key={command.title}>
              <div className="flex items-center justify-between">
                <span className="text-xs font-medium text-slate-600">{command.title}</span>
                <CopyButton text={command.text} />
              </div>
              <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 text-xs text-slate-100">
                {command.text}
              </pre>
            </div>
          ))}
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
