import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ["node_modules/**", ".next/**", "data/**", "tmp/**", ".e2e-data/**", "test-results/**", "playwright-report/**", "bench/out/**", "next-env.d.ts", "db/migrations/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Endpoint tokens stay on the server: client components may import types only from lib/inference and the DB layer.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/inference/*", "@/lib/db/*", "@/db/*"], allowTypeImports: true, message: "Server-only module (it can reach endpoint tokens): import types only." }] },
      ],
    },
  },
];

export default config;
