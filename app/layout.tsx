import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Winnow",
  description: "Curate LLM pre-training data",
};

const NAV = [
  { href: "/corpora", label: "Corpora" },
  { href: "/recipes", label: "Recipes" },
  { href: "/exports", label: "Exports" },
  { href: "/models", label: "Models" },
  { href: "/runs", label: "Runs" },
  { href: "/settings/endpoints", label: "Settings" },
];

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <nav className="mx-auto flex h-12 max-w-screen-2xl items-center gap-6 px-4">
            <Link href="/" className="font-semibold tracking-tight">
              Winnow
            </Link>
            {NAV.map((n) => (
              <Link key={n.href} href={n.href} className="text-sm text-slate-600 hover:text-slate-900">
                {n.label}
              </Link>
            ))}
          </nav>
        </header>
        <main className="mx-auto max-w-screen-2xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
