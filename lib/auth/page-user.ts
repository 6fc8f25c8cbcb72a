import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { principalFrom } from "@/lib/auth/principal";
import { hasRole, type TPrincipal, type TUserRole } from "@/lib/auth/roles";

/** The signed-in user of a page request (server components), or null. */
export const pageUser = async (): Promise<TPrincipal | null> => {
  try {
    return await principalFrom(await headers());
  } catch {
    return null;
  }
};

/** For pages: the user if their role suffices; signed out → /signin; role too low → null (render a refusal). */
export const pageUserWithRole = async (role: TUserRole): Promise<TPrincipal | null> => {
  const who = await pageUser();
  if (!who) redirect("/signin");
  return hasRole(who.role, role) ? who : null;
};
