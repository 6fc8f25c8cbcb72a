import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { RoleProvider } from "@/components/auth/role-context";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { pageUser } from "@/lib/auth/page-user";
import { hasRole, type TUserRole } from "@/lib/auth/roles";
import "./globals.css";

export const metadata: Metadata = {
  title: "Winnow",
  description: "Curate LLM pre-training data",
};

const NAV: { href: string; label: string; role: TUserRole }[] = [
  { href: "/corpora", label: "Corpora", role: "viewer" },
  { href: "/recipes", label: "Recipes", role: "viewer" },
  { href: "/exports", label: "Exports", role: "viewer" },
  { href: "/models", label: "Models", role: "viewer" },
  { href: "/runs", label: "Runs", role: "viewer" },
  { href: "/settings/endpoints", label: "Settings", role: "admin" },
  { href: "/settings/users", label: "Users", role: "admin" },
  { href: "/audit", label: "Audit log", role: "admin" },
  { href: "/settings/tokens", label: "API tokens", role: "viewer" },
];

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const pathname = (await headers()).get("x-winnow-pathname") ?? "/";
  const who = await pageUser();
  const onSignIn = pathname === "/signin" || pathname.startsWith("/signin?");
  if (!who && !onSignIn) redirect(`/signin?next=${encodeURIComponent(pathname)}`);
  const role = who?.role ?? "viewer";
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4">
            <Link href="/" className="font-semibold tracking-tight">
              Winnow
            </Link>
            {who &&
              NAV.filter((n) => hasRole(role, n.role)).map((n) => (
                <Link key={n.href} href={n.href} className="text-sm text-slate-600 hover:text-slate-900">
                  {n.label}
                </Link>
              ))}
            {who && who.via === "session" && (
              <span className="ml-auto flex items-center gap-3 text-sm text-slate-600">
                <span data-testid="signed-in-as">
                  {who.email} · {who.role}
                </span>
                <SignOutButton />
              </span>
            )}
          </nav>
        </header>
        <RoleProvider role={role}>
          <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
        </RoleProvider>
      </body>
    </html>
  );
}
