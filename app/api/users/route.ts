import { parseJsonBody, route } from "@/lib/api/route";
import { createUser, listUsers, ZCreateUser } from "@/lib/auth/users";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = route("admin", async () => ({ users: listUsers() }));

export const POST = route({ role: "admin", audit: "user.create" }, async (req) => ({ user: await createUser(await parseJsonBody(req, ZCreateUser)) }));
