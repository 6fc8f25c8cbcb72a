import { desc, lt } from "drizzle-orm";
import { z } from "zod";
import { auditLog } from "@/db/schema";
import { getDb } from "@/lib/db/client";
import type { TPrincipal } from "@/lib/auth/roles";

export type TAuditEntry = { id: number; at: number; userId: string | null; userEmail: string | null; action: string; target: string | null; details: Record<string, unknown> };

/** Records who did what. Called from one place for routes (`lib/api/route.ts`) and from sign-in/user/token code. */
export const writeAudit = (who: Pick<TPrincipal, "id" | "email"> | null, action: string, target?: string | null, details: Record<string, unknown> = {}): void => {
  getDb()
    .insert(auditLog)
    .values({ at: Date.now(), userId: who?.id ?? null, userEmail: who?.email ?? null, action, target: target ?? null, detailsJson: JSON.stringify(details) })
    .run();
};

export const ZAuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Entries older than this id (paging back). */
  before: z.coerce.number().int().positive().optional(),
});

/** Newest first. */
export const listAudit = (q: z.infer<typeof ZAuditQuery>): TAuditEntry[] => {
  const db = getDb();
  const rows = db
    .select()
    .from(auditLog)
    .where(q.before ? lt(auditLog.id, q.before) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(q.limit)
    .all();
  return rows.map((r) => ({ id: r.id, at: r.at, userId: r.userId, userEmail: r.userEmail, action: r.action, target: r.target, details: JSON.parse(r.detailsJson) as Record<string, unknown> }));
};
