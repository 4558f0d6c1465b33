import type { FileDiff } from "./types";

const lineStyle = (line: string) =>
  line.startsWith("+")
    ? "bg-emerald-50 text-emerald-900"
    : line.startsWith("-")
      ? "bg-red-50 text-red-900"
      : line.startsWith("@@")
        ? "bg-slate-100 text-slate-500"
        : "text-slate-700";

/** One file's unified diff, added lines green and removed lines red (and marked + / −). */
export function FileDiffView({ file }: { file: FileDiff }) {
  const lines = file.patch.replace(/\n$/, "").split("\n");
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200">
      <figcaption className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 text-xs">
        <code className="font-semibold text-slate-900">{file.path}</code>
        <span className="text-slate-500">{file.change}</span>
        <span className="text-emerald-700">+{file.additions}</span>
        <span className="text-red-700">−{file.deletions}</span>
        {file.mode && (
          <span className="text-slate-600">
            mode {file.mode.before?.toString(8) ?? "—"} → {file.mode.after?.toString(8) ?? "—"}
          </span>
        )}
      </figcaption>
      {file.patch ? (
        <pre className="max-h-[28rem] overflow-auto text-xs leading-5">
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: diff lines are positional
            <div key={index} className={`px-3 whitespace-pre ${lineStyle(line)}`}>
              {line || " "}
            </div>
          ))}
        </pre>
      ) : (
        <p className="px-3 py-2 text-xs text-slate-600">Only the permission bits change.</p>
      )}
      {file.omittedLines ? (
        <p className="border-t border-slate-200 px-3 py-1 text-xs text-slate-600">
          … {file.omittedLines} more lines not shown in the preview.
        </p>
      ) : null}
    </figure>
  );
}
