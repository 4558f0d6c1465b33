"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, fieldErrors, Notice, Section, SelectField, TextField } from "~/components/ui/form";
import { ErrorNotice, LoadingRows } from "~/components/ui/states";
import { type Role, useActiveTeam } from "~/hooks/use-active-team";
import { useTRPC } from "~/trpc/client";

export function TeamSettings() {
  const { team, role, can, isPending } = useActiveTeam();
  if (isPending) return <LoadingRows label="Loading your team…" />;
  if (!team || !role) return <CreateTeam />;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TeamName name={team.name} canRename={can("owner")} />
      <CreateTeam />
      <div className="lg:col-span-2">
        <Members role={role} />
      </div>
      {can("admin") && <Invites role={role} />}
      {can("admin") && <ApiTokens role={role} />}
      <LeaveTeam />
      {can("owner") && <DeleteTeam name={team.name} />}
    </div>
  );
}

function useInvalidateAll() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return async () => {
    await queryClient.invalidateQueries();
    router.refresh();
  };
}

function TeamName({ name, canRename }: { name: string; canRename: boolean }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const rename = useMutation(trpc.team.rename.mutationOptions({ onSuccess: invalidate }));
  return (
    <Section title="Team" description="Owners manage the team itself: its name, and deleting it.">
      {canRename ? (
        <form
          className="flex items-end gap-2"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            rename.mutate({ name: String(new FormData(event.currentTarget).get("name") ?? "") });
          }}
        >
          <div className="flex-1">
            <TextField
              label="Team name"
              name="name"
              defaultValue={name}
              required
              error={fieldErrors(rename.error).name}
            />
          </div>
          <Button type="submit" disabled={rename.isPending}>
            {rename.isPending ? "Saving…" : "Rename"}
          </Button>
        </form>
      ) : (
        <p className="text-sm">
          <span className="font-medium">{name}</span>
        </p>
      )}
      {rename.isSuccess && <Notice tone="success">Team renamed.</Notice>}
      {rename.error && !fieldErrors(rename.error).name && (
        <Notice tone="error">{rename.error.message}</Notice>
      )}
    </Section>
  );
}

function CreateTeam() {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const create = useMutation(trpc.team.create.mutationOptions({ onSuccess: invalidate }));
  return (
    <Section title="New team" description="You become its owner; it starts empty.">
      <form
        className="flex items-end gap-2"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          create.mutate({ name: String(new FormData(event.currentTarget).get("newTeamName") ?? "") });
        }}
      >
        <div className="flex-1">
          <TextField
            label="New team name"
            name="newTeamName"
            required
            error={fieldErrors(create.error).name}
          />
        </div>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create team"}
        </Button>
      </form>
      {create.isSuccess && <Notice tone="success">Team {create.data.name} created and made active.</Notice>}
    </Section>
  );
}

const assignableRoles: Role[] = ["viewer", "editor", "admin", "owner"];

function Members({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.team.members.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey() });
  const setRole = useMutation(trpc.team.setRole.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.team.removeMember.mutationOptions({ onSuccess: refresh }));
  const manage = role === "admin" || role === "owner";
  const error = setRole.error ?? remove.error;
  return (
    <Section
      title="Members"
      description="viewer reads · editor edits the inventory and drafts plans · admin publishes, manages agents and members · owner manages the team"
    >
      {members.isPending ? (
        <LoadingRows label="Loading members…" />
      ) : members.isError ? (
        <ErrorNotice title="Could not load members" message={members.error.message} />
      ) : (
        <table className="min-w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">Name</th>
              <th className="py-1 pr-3">Email</th>
              <th className="py-1 pr-3">Role</th>
              {manage && <th className="py-1">Actions</th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {members.data.map((member) => (
              <tr key={member.id}>
                <td className="py-1.5 pr-3">{member.name}</td>
                <td className="py-1.5 pr-3 text-slate-600">{member.email}</td>
                <td className="py-1.5 pr-3">
                  {manage ? (
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      disabled={setRole.isPending}
                      onChange={(event) =>
                        setRole.mutate({ memberId: member.id, role: event.target.value as Role })
                      }
                      className="rounded border border-slate-300 bg-white px-1 py-0.5"
                    >
                      {assignableRoles.map((option) => (
                        <option key={option} value={option}>
                          {option}
                        </option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                {manage && (
                  <td className="py-1.5">
                    <Button
                      variant="secondary"
                      aria-label={`Remove ${member.email}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (
                          window.confirm(`Remove ${member.email} from the team? They lose access at once.`)
                        ) {
                          remove.mutate({ memberId: member.id });
                        }
                      }}
                    >
                      Remove
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <Notice tone="error">{error.message}</Notice>}
    </Section>
  );
}

function Invites({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invites = useQuery(trpc.team.invites.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.team.invites.queryKey() });
  const create = useMutation(trpc.team.createInvite.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.team.revokeInvite.mutationOptions({ onSuccess: refresh }));
  const link =
    create.data && typeof window !== "undefined" ? `${window.location.origin}${create.data.path}` : null;
  return (
    <Section
      title="Invite links"
      description="Whoever opens the link while signed in joins with the role you pick — once, before it expires."
    >
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          create.mutate({
            role: String(form.get("inviteRole")) as "viewer" | "editor" | "admin",
            expiresInHours: Number(form.get("expiresInHours")),
          });
        }}
      >
        <SelectField label="Role" name="inviteRole" defaultValue="viewer">
          <option value="viewer">viewer</option>
          <option value="editor">editor</option>
          {/* Only owners grant admin (docs/roles.md); the server refuses it from anyone else. */}
          {role === "owner" && <option value="admin">admin</option>}
        </SelectField>
        <SelectField label="Expires after" name="expiresInHours" defaultValue="72">
          <option value="1">1 hour</option>
          <option value="24">1 day</option>
          <option value="72">3 days</option>
          <option value="336">14 days</option>
        </SelectField>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create invite link"}
        </Button>
      </form>
      {link && (
        <div className="mt-3 space-y-1">
          <Notice tone="info">Copy this link now — it is shown only once.</Notice>
          <input
            readOnly
            aria-label="Invite link"
            value={link}
            onFocus={(event) => event.currentTarget.select()}
            className="w-full rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs"
          />
        </div>
      )}
      {create.error && <Notice tone="error">{create.error.message}</Notice>}
      {invites.data && invites.data.length > 0 && (
        <ul className="mt-3 divide-y divide-slate-100 text-sm">
          {invites.data.map((invite) => (
            <li key={invite.id} className="flex items-center justify-between py-1.5">
              <span>
                {invite.role} · {invite.state}
                {invite.state === "open" && ` · expires ${new Date(invite.expiresAt).toLocaleString()}`}
              </span>
              {invite.state === "open" && (
                <Button
                  variant="secondary"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate({ id: invite.id })}
                >
                  Revoke
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ApiTokens({ role }: { role: Role }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.token.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.token.list.queryKey() });
  const create = useMutation(trpc.token.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.token.revoke.mutationOptions({ onSuccess: refresh }));
  const [copied, setCopied] = useState(false);
  const errors = fieldErrors(create.error);
  return (
    <Section
      title="API tokens"
      description="For automation: send as `Authorization: Bearer <token>` to /api/trpc. Shown once, stored hashed."
    >
      <form
        className="grid grid-cols-2 items-end gap-2"
        onSubmit={(event: FormEvent<HTMLFormElement>) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setCopied(false);
          create.mutate({
            name: String(form.get("tokenName") ?? ""),
            role: String(form.get("tokenRole")) as "viewer" | "editor" | "admin",
            expiresInDays: Number(form.get("expiresInDays")),
          });
        }}
      >
        <TextField
          label="Token name"
          name="tokenName"
          placeholder="e.g. nightly-export"
          required
          error={errors.name}
        />
        <SelectField label="Token role" name="tokenRole" defaultValue="viewer">
          <option value="viewer">viewer</option>
          <option value="editor">editor</option>
          {role !== "editor" && <option value="admin">admin</option>}
        </SelectField>
        <SelectField label="Expires in" name="expiresInDays" defaultValue="90">
          <option value="7">7 days</option>
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">365 days</option>
        </SelectField>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>
      {create.data && (
        <div className="mt-3 space-y-1">
          <Notice tone="info">
            Copy the token now — labnet keeps only its hash and cannot show it again.
          </Notice>
          <div className="flex gap-2">
            <input
              readOnly
              aria-label="New API token"
              value={create.data.secret}
              onFocus={(event) => event.currentTarget.select()}
              className="w-full rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs"
            />
            <Button
              variant="secondary"
              onClick={async () => {
                await navigator.clipboard?.writeText(create.data.secret);
                setCopied(true);
              }}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </div>
        </div>
      )}
      {create.error && !errors.name && <Notice tone="error">{create.error.message}</Notice>}
      {tokens.data && tokens.data.length > 0 && (
        <table className="mt-3 min-w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-2">Name</th>
              <th className="py-1 pr-2">Role</th>
              <th className="py-1 pr-2">State</th>
              <th className="py-1 pr-2">Last used</th>
              <th className="py-1" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.data.map((token) => (
              <tr key={token.id}>
                <td className="py-1 pr-2">
                  {token.name} <span className="font-mono text-xs text-slate-500">{token.prefix}…</span>
                </td>
                <td className="py-1 pr-2">
                  {token.role}
                  {token.effectiveRole && token.effectiveRole !== token.role && (
                    <span className="block text-xs text-amber-700">
                      acts as {token.effectiveRole} since its creator's role changed
                    </span>
                  )}
                </td>
                <td className="py-1 pr-2">
                  {token.state === "creator left" ? (
                    <span
                      className="text-amber-700"
                      title="Tokens stop working when their creator leaves the team"
                    >
                      stopped: its creator ({token.createdBy}) left the team
                    </span>
                  ) : (
                    token.state
                  )}
                </td>
                <td className="py-1 pr-2 text-slate-600">
                  {token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : "never"}
                </td>
                <td className="py-1">
                  {(token.state === "active" || token.state === "creator left") && (
                    <Button
                      variant="secondary"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate({ id: token.id })}
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}

function LeaveTeam() {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const leave = useMutation(trpc.team.leave.mutationOptions({ onSuccess: invalidate }));
  return (
    <Section
      title="Leave team"
      description="You lose access to this team's data. A team keeps at least one owner."
    >
      <Button
        variant="secondary"
        disabled={leave.isPending}
        onClick={() => {
          if (window.confirm("Leave this team?")) leave.mutate();
        }}
      >
        Leave team
      </Button>
      {leave.error && <Notice tone="error">{leave.error.message}</Notice>}
    </Section>
  );
}

function DeleteTeam({ name }: { name: string }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const remove = useMutation(trpc.team.delete.mutationOptions({ onSuccess: invalidate }));
  const [confirmName, setConfirmName] = useState("");
  return (
    <Section
      title="Delete team"
      description="Deletes the team with its whole inventory and audit log. This cannot be undone."
    >
      <div className="flex items-end gap-2">
        <div className="flex-1">
          <TextField
            label={`Type "${name}" to confirm`}
            name="confirmName"
            value={confirmName}
            onChange={(event) => setConfirmName(event.target.value)}
          />
        </div>
        <Button
          variant="danger"
          disabled={confirmName !== name || remove.isPending}
          onClick={() => remove.mutate({ confirmName })}
        >
          Delete team
        </Button>
      </div>
      {remove.error && <Notice tone="error">{remove.error.message}</Notice>}
    </Section>
  );
}
