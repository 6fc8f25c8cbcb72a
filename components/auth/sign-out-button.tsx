"use client";

import { useRouter } from "next/navigation";

/** Ends the session (Better Auth's sign-out) and goes to the sign-in page. */
export const SignOutButton = () => {
  const router = useRouter();
  return (
    <button
      className="text-sm text-slate-600 hover:text-slate-900"
      data-testid="sign-out"
      onClick={async () => {
        await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        router.replace("/signin");
        router.refresh();
      }}
    >
      Sign out
    </button>
  );
};
