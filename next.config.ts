import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native modules stay outside the bundle and load from node_modules at run time.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "better-sqlite3", "fasttext.wasm.js", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
  devIndicators: false,
};

export default nextConfig;
