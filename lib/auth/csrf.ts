import { randomBytes } from "node:crypto";
import type { TConfig } from "@/lib/config";

const g = globalThis as unknown as { __winnowCsrfKey?: string };

/**
 * The key CSRF tokens are signed with: the auth secret, or (loopback mode without a secret) a random key
 * made once per server process — tokens then last as long as the process, which is all a page needs.
 */
export const csrfKey = (config: Pick<TConfig, "authSecret">): string => {
  if (config.authSecret) return config.authSecret;
  g.__winnowCsrfKey ??= randomBytes(32).toString("base64url");
  return g.__winnowCsrfKey;
};
