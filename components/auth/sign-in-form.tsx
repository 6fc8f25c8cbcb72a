"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { apiError } from "@/components/ui/api";

type TProps = { next: string; oidcName: string | null };

/** E-mail + password (Better Auth) and, when configured, one OIDC provider. */
export const SignInForm = ({ next, oidcName }: TProps) => {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await fetch("/api/auth/sign-in/email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
    setBusy(false);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      return setError(body.message ?? (await apiError(res)));
    }
    window.location.href = next;
  };

  const oidc = async () => {
    setError(null);
    const res = await fetch("/api/auth/sign-in/oauth2", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ providerId: "oidc", callbackURL: next }) });
    const body = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
    if (!res.ok || !body.url) return setError(body.message ?? `HTTP ${res.status}`);
    window.location.href = body.url;
  };

  return (
    <div className="mx-auto mt-12 max-w-sm space-y-4 rounded border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Sign in to Winnow</h1>
      <form onSubmit={submit} className="space-y-3">
        <label className="block text-sm">
          E-mail
          <input className="mt-1 w-full rounded border border-slate-300 px-2 py-1" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="signin-email" />
        </label>
        <label className="block text-sm">
          Password
          <input className="mt-1 w-full rounded border border-slate-300 px-2 py-1" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="signin-password" />
        </label>
        <Button type="submit" variant="primary" disabled={busy || !email || !password} data-testid="signin-submit">
          Sign in
        </Button>
      </form>
      {oidcName && (
        <Button onClick={() => void oidc()} data-testid="signin-oidc">
          Sign in with {oidcName}
        </Button>
      )}
      {error && (
        <p className="text-sm text-red-700" data-testid="signin-error">
          {error}
        </p>
      )}
    </div>
  );
};
