import { TokensManager } from "@/components/auth/tokens-manager";
import { pageUserWithRole } from "@/lib/auth/page-user";
import { listApiTokens } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const who = (await pageUserWithRole("viewer"))!;
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">API tokens</h1>
        <p className="text-sm text-slate-600">
          For scripts and the CLI: send <code>Authorization: Bearer wn_…</code>. A token acts as you, with your role ({who.role}). Only a hash is stored.
        </p>
      </div>
      <TokensManager initial={listApiTokens(who.id)} />
    </div>
  );
}
