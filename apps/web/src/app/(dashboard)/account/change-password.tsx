"use client";

import { type FormEvent, useState } from "react";
import { Button, Notice, Section, TextField } from "~/components/ui/form";
import { authClient } from "~/lib/auth-client";

export function ChangePassword() {
  const [state, setState] = useState<{ pending: boolean; error?: string; done?: boolean }>({
    pending: false,
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    if (newPassword !== String(data.get("repeatPassword") ?? "")) {
      setState({ pending: false, error: "The new passwords do not match." });
      return;
    }
    setState({ pending: true });
    const result = await authClient.changePassword({
      currentPassword: String(data.get("currentPassword") ?? ""),
      newPassword,
      revokeOtherSessions: true,
    });
    if (result.error) {
      setState({
        pending: false,
        error:
          result.error.status === 429
            ? "Too many attempts. Wait a minute, then try again."
            : result.error.code === "INVALID_PASSWORD"
              ? "The current password is wrong."
              : (result.error.message ?? "Could not change the password."),
      });
      return;
    }
    form.reset();
    setState({ pending: false, done: true });
  }

  return (
    <Section title="Change password" description="Other browsers you are signed in on are signed out.">
      <form onSubmit={onSubmit} className="space-y-3">
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
        />
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          minLength={10}
          hint="At least 10 characters."
          required
        />
        <TextField
          label="Repeat new password"
          name="repeatPassword"
          type="password"
          autoComplete="new-password"
          required
        />
        {state.error && <Notice tone="error">{state.error}</Notice>}
        {state.done && <Notice tone="success">Password changed.</Notice>}
        <Button type="submit" disabled={state.pending}>
          {state.pending ? "Changing…" : "Change password"}
        </Button>
      </form>
    </Section>
  );
}
