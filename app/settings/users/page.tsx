import { Denied } from "@/components/auth/denied";
import { UsersManager } from "@/components/auth/users-manager";
import { pageUserWithRole } from "@/lib/auth/page-user";
import { listUsers } from "@/lib/auth/users";

export const dynamic = "force-dynamic";

export default async function UsersPage() {
  if (!(await pageUserWithRole("admin"))) return <Denied role="admin" />;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Users</h1>
      <UsersManager initial={listUsers()} />
    </div>
  );
}
