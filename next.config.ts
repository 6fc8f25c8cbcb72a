import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules stay outside the bundle and load from node_modules at run time.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "better-sqlite3", "fasttext.wasm.js", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  devIndicators: false,
  // `npm start` builds without the type check (2.3 min of a 6.8 min first build on a loaded 2-core machine); `npm run
  // typecheck` and `npm test` check types, and a plain `next build` still does.
  typescript: { ignoreBuildErrors: process.env.WINNOW_BUILD_TYPECHECK === "0" },
  // Nor does it write Turbopack's build cache (a first build spent about a minute more on it after
  // compiling; it only speeds up rebuilds): WINNOW_BUILD_CACHE=0.
  experimental: process.env.WINNOW_BUILD_CACHE === "0" ? { turbopackFileSystemCacheForBuild: false } : {},
};

export default nextConfig;
