"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { sendJson } from "@/components/ui/api";
import type { TApiTokenView } from "@/lib/auth/tokens";

/** The user's API tokens: create (the token is shown once), list, revoke. */
export const TokensManager = ({ initial }: { initial: TApiTokenView[] }) => {
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState("");
  const [shown, setShown] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setError(null);
    try {
      const r = await sendJson<{ token: string; apiToken: TApiTokenView }>("POST", "/api/tokens", { name });
      setShown(r.token);
      setTokens([r.apiToken, ...tokens]);
      setName("");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const revoke = async (id: string) => {
    try {
      const r = await sendJson<{ apiToken: TApiTokenView }>("DELETE", `/api/tokens/${id}`);
      setTokens(tokens.map((t) => (t.id === id ? r.apiToken : t)));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="space-y-4">
      <div className="flex items-end gap-2">
        <label className="text-sm">
          Name
          <input className="ml-2 rounded border border-slate-300 px-2 py-1" value={name} onChange={(e) => setName(e.target.value)} placeholder="laptop CLI" data-testid="token-name" />
        </label>
        <Button variant="primary" onClick={() => void create()} disabled={!name.trim()} data-testid="token-create">
          Create token
        </Button>
      </div>
      {shown && (
        <div className="rounded border border-green-300 bg-green-50 p-3 text-sm">
          Copy this token now; it is not shown again:
          <code className="mt-1 block break-all font-mono" data-testid="token-value">
            {shown}
          </code>
        </div>
      )}
      {error && <p className="text-sm text-red-700">{error}</p>}
      <table className="w-full text-sm" data-testid="tokens-table">
        <thead className="text-left text-slate-500">
          <tr>
            <th>Name</th>
            <th>Token</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} className="border-t border-slate-100" data-testid="token-row">
              <td>{t.name}</td>
              <td className="font-mono">{t.prefix}…</td>
              <td>{new Date(t.createdAt).toLocaleString()}</td>
              <td>{t.lastUsedAt ? new Date(t.lastUsedAt).toLocaleString() : "never"}</td>
              <td>
                {t.revokedAt ? (
                  <span className="text-slate-500">revoked</span>
                ) : (
                  <Button variant="danger" onClick={() => void revoke(t.id)} data-testid="token-revoke">
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
