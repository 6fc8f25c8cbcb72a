import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Better Auth's endpoints: sign-in (e-mail + password, OIDC), callback, sign-out, session. */
export const GET = (req: Request) => toNextJsHandler(getAuth()).GET(req);
export const POST = (req: Request) => toNextJsHandler(getAuth()).POST(req);
