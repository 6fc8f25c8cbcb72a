import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { pageUser } from "@/lib/auth/page-user";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";

/** Only same-site paths are followed after sign-in. */
const safeNext = (raw: string | undefined): string => (raw && raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/");

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNext((await searchParams).next);
  if (await pageUser()) redirect(next);
  const oidc = getConfig().oidc;
  return <SignInForm next={next} oidcName={oidc?.name ?? null} />;
}
