import { Denied } from "@/components/auth/denied";
import { pageUserWithRole } from "@/lib/auth/page-user";
import { listAudit } from "@/lib/auth/audit";

export const dynamic = "force-dynamic";

export default async function AuditPage() {
  if (!(await pageUserWithRole("admin"))) return <Denied role="admin" />;
  const entries = listAudit({ limit: 200 });
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">Sign-ins, runs launched and cancelled, endpoint, user and token changes — newest first (also at GET /api/audit).</p>
      </div>
      <table className="w-full text-sm" data-testid="audit-table">
        <thead className="text-left text-slate-500">
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-t border-slate-100" data-testid="audit-row">
              <td>{new Date(e.at).toISOString().replace("T", " ").slice(0, 19)}</td>
              <td>{e.userEmail ?? "—"}</td>
              <td className="font-mono">{e.action}</td>
              <td className="font-mono">{e.target ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
