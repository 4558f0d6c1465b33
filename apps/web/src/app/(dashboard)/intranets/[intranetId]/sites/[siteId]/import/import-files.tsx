"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { type ChangeEvent, useState } from "react";
import { Button, Notice, Section, TextField } from "~/components/ui/form";
import { useActiveTeam } from "~/hooks/use-active-team";
import { useTRPC } from "~/trpc/client";

interface SourceFile {
  path: string;
  content: string;
}

const actionStyle = {
  create: "bg-emerald-100 text-emerald-900",
  update: "bg-sky-100 text-sky-900",
  unchanged: "bg-slate-100 text-slate-600",
  conflict: "bg-red-100 text-red-900",
} as const;

export function ImportFiles({ intranetId, siteId }: { intranetId: string; siteId: string }) {
  const trpc = useTRPC();
  const { can } = useActiveTeam();
  const [files, setFiles] = useState<SourceFile[]>([]);
  const [pastePath, setPastePath] = useState("/etc/config/dhcp");
  const [pasteText, setPasteText] = useState("");
  const preview = useMutation(trpc.importer.preview.mutationOptions());
  const commit = useMutation(trpc.importer.commit.mutationOptions());

  async function addUploads(event: ChangeEvent<HTMLInputElement>) {
    const picked = [...(event.target.files ?? [])];
    const read = await Promise.all(
      picked.map(async (file) => ({
        // A folder upload keeps its relative path (e.g. labnet/hosts/office), which tells tinc files apart.
        path: file.webkitRelativePath ? `/etc/tinc/${file.webkitRelativePath}` : file.name,
        content: await file.text(),
      })),
    );
    setFiles((current) => [
      ...current.filter((old) => !read.some((added) => added.path === old.path)),
      ...read,
    ]);
    preview.reset();
    commit.reset();
    event.target.value = "";
  }

  function addPasted() {
    if (!pastePath.trim() || !pasteText.trim()) return;
    setFiles((current) => [
      ...current.filter((old) => old.path !== pastePath.trim()),
      { path: pastePath.trim(), content: pasteText },
    ]);
    setPasteText("");
    preview.reset();
    commit.reset();
  }

  if (!can("editor")) {
    return (
      <Notice tone="info">Importing changes the inventory: it needs the editor role in this team.</Notice>
    );
  }
  const result = preview.data;
  return (
    <div className="space-y-4">
      <Section
        title="Files"
        description="Add as many files as the router has; each is recognised by its path or its content."
      >
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="space-y-2 text-sm">
            <label className="block">
              <span className="font-medium text-slate-700">Upload files</span>
              <input
                type="file"
                multiple
                onChange={addUploads}
                className="mt-1 block text-sm"
                aria-label="Upload files"
              />
            </label>
            <p className="text-xs text-slate-500">
              For a tinc folder, upload tinc.conf and the hosts/ files with their paths, or paste each with a
              path like /etc/tinc/labnet/hosts/office.
            </p>
          </div>
          <div className="space-y-2">
            <TextField
              label="Path of the pasted file"
              name="pastePath"
              value={pastePath}
              onChange={(event) => setPastePath(event.target.value)}
            />
            <label className="block text-sm">
              <span className="font-medium text-slate-700">Content</span>
              <textarea
                aria-label="File content"
                value={pasteText}
                onChange={(event) => setPasteText(event.target.value)}
                rows={8}
                className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
              />
            </label>
            <Button variant="secondary" onClick={addPasted} disabled={!pasteText.trim()}>
              Add pasted file
            </Button>
          </div>
        </div>
        {files.length > 0 && (
          <ul aria-label="Files to import" className="mt-3 divide-y divide-slate-100 text-sm">
            {files.map((file) => (
              <li key={file.path} className="flex items-center justify-between py-1">
                <span className="font-mono text-xs">
                  {file.path}{" "}
                  <span className="text-slate-500">({file.content.split("\n").length} lines)</span>
                </span>
                <Button
                  variant="secondary"
                  onClick={() => setFiles(files.filter((other) => other.path !== file.path))}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <div className="mt-3 flex gap-2">
          <Button
            disabled={files.length === 0 || preview.isPending}
            onClick={() => preview.mutate({ siteId, files })}
          >
            {preview.isPending ? "Reading the files…" : "Preview import"}
          </Button>
          <Link
            href={`/intranets/${intranetId}`}
            className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:underline"
          >
            Back to the intranet
          </Link>
        </div>
        {preview.error && <Notice tone="error">{preview.error.message}</Notice>}
      </Section>

      {result && (
        <Section
          title="Preview"
          description={`What importing these files into site ${result.siteName} would do. Nothing is written yet.`}
        >
          {result.errors.length > 0 && (
            <div className="mb-3">
              <h3 className="text-sm font-semibold text-red-800">Lines that could not be read</h3>
              <ul className="mt-1 space-y-0.5 font-mono text-xs text-red-900">
                {result.errors.map((error) => (
                  <li key={`${error.file}:${error.line}:${error.message}`}>
                    {error.file}
                    {error.line > 0 ? `:${error.line}` : ""}: {error.message}
                  </li>
                ))}
                {result.unlisted.errors > 0 && <li>… and {result.unlisted.errors} more</li>}
              </ul>
            </div>
          )}
          {result.warnings.length > 0 && (
            <ul className="mb-3 space-y-0.5 text-xs text-amber-900">
              {result.warnings.map((warning) => (
                <li key={`${warning.file}:${warning.line}:${warning.message}`}>
                  {warning.file}
                  {warning.line > 0 ? `:${warning.line}` : ""}: {warning.message}
                </li>
              ))}
              {result.unlisted.warnings > 0 && <li>… and {result.unlisted.warnings} more</li>}
            </ul>
          )}
          <h3 className="text-sm font-semibold">Leases</h3>
          {result.leases.length === 0 ? (
            <p className="text-sm text-slate-600">The files hold no static leases.</p>
          ) : (
            <table aria-label="Imported leases" className="mt-1 min-w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1 pr-2">Action</th>
                  <th className="py-1 pr-2">Hostname</th>
                  <th className="py-1 pr-2">MAC</th>
                  <th className="py-1 pr-2">IP</th>
                  <th className="py-1">Details</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.leases.map((lease) => (
                  <tr key={`${lease.mac}-${lease.ip}`}>
                    <td className="py-1 pr-2">
                      <span className={`rounded px-1.5 py-0.5 text-xs ${actionStyle[lease.action]}`}>
                        {lease.action}
                      </span>
                    </td>
                    <td className="py-1 pr-2">{lease.hostname}</td>
                    <td className="py-1 pr-2 font-mono text-xs">{lease.mac}</td>
                    <td className="py-1 pr-2 font-mono text-xs">{lease.ip}</td>
                    <td className="py-1 text-xs text-slate-700">
                      {Object.entries(lease.details)
                        .map(([field, text]) => `${field}: ${text}`)
                        .join("; ")}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ChangeList title="Site settings" changes={result.site} />
          <ChangeList title="Router settings" changes={result.router} />
          {result.blocking.length > 0 ? (
            <Notice tone="error">
              Fix these first — nothing is imported while any remains: {result.blocking.join("; ")}
              {result.unlisted.blocking > 0 && ` … and ${result.unlisted.blocking} more`}
            </Notice>
          ) : (
            <div className="mt-3 flex items-center gap-3">
              <Button
                disabled={commit.isPending || commit.isSuccess}
                onClick={() =>
                  commit.mutate({
                    siteId,
                    files,
                    siteVersion: result.siteVersion,
                    routerVersion: result.routerVersion,
                  })
                }
              >
                {commit.isPending ? "Importing…" : "Import all of it"}
              </Button>
              <span className="text-xs text-slate-500">One transaction: all of it lands, or none of it.</span>
            </div>
          )}
          {commit.isSuccess && (
            <Notice tone="success">
              Imported: {commit.data.leases.created} lease(s) created, {commit.data.leases.updated} updated,{" "}
              {commit.data.siteFields} site and {commit.data.routerFields} router setting(s) changed. Publish
              through a plan to send it to the router.
            </Notice>
          )}
          {commit.error && <Notice tone="error">{commit.error.message}</Notice>}
        </Section>
      )}
    </div>
  );
}

function ChangeList({
  title,
  changes,
}: {
  title: string;
  changes: { field: string; before: unknown; after: unknown }[];
}) {
  return (
    <div className="mt-3">
      <h3 className="text-sm font-semibold">{title}</h3>
      {changes.length === 0 ? (
        <p className="text-sm text-slate-600">No change.</p>
      ) : (
        <ul aria-label={title} className="mt-1 space-y-1 text-sm">
          {changes.map((change) => (
            <li key={change.field}>
              <span className="font-medium">{change.field}</span>:{" "}
              <span className="font-mono text-xs text-red-800">{JSON.stringify(change.before)}</span> →{" "}
              <span className="font-mono text-xs text-emerald-800">{JSON.stringify(change.after)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
