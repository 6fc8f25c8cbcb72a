import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, errorMessage, isAppError } from "@/lib/errors";

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

/**
 * The one wrapper for route handlers: resolves params, maps errors to JSON.
 * The handler only parses input (with zod) and calls into `lib/`.
 */
export const route =
  <P = Record<string, string>>(handler: (req: Request, params: P) => Promise<Response | unknown>) =>
  async (req: Request, ctx: TRouteContext<P>): Promise<Response> => {
    try {
      const params = ctx?.params ? await ctx.params : ({} as P);
      const out = await handler(req, params);
      return out instanceof Response ? out : NextResponse.json(out);
    } catch (e) {
      return errorResponse(e);
    }
  };

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
