"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { sendJson } from "@/components/ui/api";
import type { TUserRole } from "@/lib/auth/roles";
import type { TUserView } from "@/lib/auth/users";

const ROLES: TUserRole[] = ["viewer", "curator", "admin"];

/** Admins create users (e-mail + optional password; OIDC users need none) and change roles. */
export const UsersManager = ({ initial }: { initial: TUserView[] }) => {
  const [list, setList] = useState(initial);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<TUserRole>("viewer");
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setError(null);
    try {
      const r = await sendJson<{ user: TUserView }>("POST", "/api/users", { email, role, ...(password ? { password } : {}) });
      setList([...list, r.user]);
      setEmail("");
      setPassword("");
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const changeRole = async (id: string, next: TUserRole) => {
    setError(null);
    try {
      const r = await sendJson<{ user: TUserView }>("PATCH", `/api/users/${id}`, { role: next });
      setList(list.map((u) => (u.id === id ? r.user : u)));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2 text-sm">
        <input className="rounded border border-slate-300 px-2 py-1" placeholder="e-mail" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="user-email" />
        <input className="rounded border border-slate-300 px-2 py-1" type="password" placeholder="password (optional for OIDC)" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="user-password" />
        <select className="rounded border border-slate-300 px-2 py-1" value={role} onChange={(e) => setRole(e.target.value as TUserRole)} data-testid="user-role">
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
        <Button variant="primary" onClick={() => void create()} disabled={!email} data-testid="user-create">
          Create user
        </Button>
      </div>
      {error && <p className="text-sm text-red-700">{error}</p>}
      <table className="w-full text-sm">
        <thead className="text-left text-slate-500">
          <tr>
            <th>E-mail</th>
            <th>Sign-in</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.id} className="border-t border-slate-100" data-testid="user-row">
              <td>{u.email}</td>
              <td>{u.signIn.join(", ") || "—"}</td>
              <td>
                <select className="rounded border border-slate-300 px-1" value={u.role} onChange={(e) => void changeRole(u.id, e.target.value as TUserRole)}>
                  {ROLES.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
