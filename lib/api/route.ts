import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, errorMessage, isAppError } from "@/lib/errors";
import { writeAudit } from "@/lib/auth/audit";
import { requireRole } from "@/lib/auth/principal";
import type { TPrincipal, TUserRole } from "@/lib/auth/roles";

/** Turns any thrown error into a JSON error response with the right status. */
export const errorResponse = (e: unknown): NextResponse => {
  if (isAppError(e)) {
    return NextResponse.json({ error: { code: e.code, message: e.message, details: e.details } }, { status: e.status });
  }
  if (e instanceof z.ZodError) {
    const message = e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return NextResponse.json({ error: { code: "UNPROCESSABLE", message, details: e.issues } }, { status: 422 });
  }
  console.error(e);
  return NextResponse.json({ error: { code: "INTERNAL", message: errorMessage(e) } }, { status: 500 });
};

type TRouteContext<P> = { params: Promise<P> };

type THandler<P> = (req: Request, params: P, who: TPrincipal) => Promise<Response | unknown>;

/** What a route needs: the least role, and the audit action to record when it succeeds. */
export type TRouteOptions = { role: TUserRole; audit?: string };

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The id an audit entry is about: the route's id parameter, else the id the handler returned. */
const auditTarget = (params: unknown, out: unknown): string | null => {
  const p = (params ?? {}) as Record<string, unknown>;
  for (const k of ["id", "runId"]) if (typeof p[k] === "string") return p[k] as string;
  if (out && typeof out === "object" && !(out instanceof Response)) {
    const o = out as Record<string, unknown>;
    for (const k of ["runId", "recipeId", "id"]) if (typeof o[k] === "string") return o[k] as string;
    for (const k of ["endpoint", "user", "apiToken", "model"]) {
      const v = o[k] as Record<string, unknown> | undefined;
      if (v && typeof v.id === "string") return v.id;
    }
  }
  return null;
};

/**
 * The one wrapper for route handlers: checks who is asking and their role, resolves params, maps
 * errors to JSON, and writes the audit entry of a successful state-changing action.
 * Every handler declares its role: `route("curator", handler)` or `route({ role, audit }, handler)`.
 * `route(handler)` without a role serves reads to viewers and refuses anything else (default deny).
 * The handler only parses input (with zod) and calls into `lib/`.
 */
export function route<P = Record<string, string>>(handler: THandler<P>): (req: Request, ctx: TRouteContext<P>) => Promise<Response>;
export function route<P = Record<string, string>>(options: TUserRole | TRouteOptions, handler: THandler<P>): (req: Request, ctx: TRouteContext<P>) => Promise<Response>;
export function route<P = Record<string, string>>(a: TUserRole | TRouteOptions | THandler<P>, b?: THandler<P>) {
  const declared: TRouteOptions | null = typeof a === "function" ? null : typeof a === "string" ? { role: a } : a;
  const handler = (typeof a === "function" ? a : b) as THandler<P>;
  return async (req: Request, ctx: TRouteContext<P>): Promise<Response> => {
    try {
      if (!declared && !READ_METHODS.has(req.method.toUpperCase())) {
        throw new AppError("FORBIDDEN", "This route declares no role for changes");
      }
      const who = await requireRole(req.headers, declared?.role ?? "viewer");
      const params = ctx?.params ? await ctx.params : ({} as P);
      const out = await handler(req, params, who);
      const res = out instanceof Response ? out : NextResponse.json(out);
      if (declared?.audit && res.status < 400) writeAudit(who, declared.audit, auditTarget(params, out), { method: req.method, path: new URL(req.url).pathname });
      return res;
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Parses a JSON body with a zod schema; malformed JSON is a 400. */
export const parseJsonBody = async <T>(req: Request, schema: z.ZodType<T>): Promise<T> => {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError("BAD_REQUEST", "Request body must be valid JSON");
  }
  return schema.parse(body);
};

/** Like `parseJsonBody`, but an empty body is `{}` (for actions whose every field is optional). */
export const parseOptionalJsonBody = async <T>(req: Request, schema: z.ZodType<T>): Promise<T> => {
  const text = await req.text();
  if (!text.trim()) return schema.parse({});
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body must be valid JSON");
  }
  return schema.parse(body);
};

/** Parses URL search params with a zod schema (values are strings; use z.coerce). */
export const parseSearchParams = <T>(req: Request, schema: z.ZodType<T>): T => {
  const url = new URL(req.url);
  return schema.parse(Object.fromEntries(url.searchParams.entries()));
};
