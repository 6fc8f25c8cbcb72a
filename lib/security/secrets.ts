import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AppError } from "@/lib/errors";

/**
 * Secrets at rest (endpoint tokens; later OIDC client secrets): AES-256-GCM with a 32-byte key
 * from `WINNOW_SECRET_KEY` (base64 or hex), else from a key file — `WINNOW_SECRET_KEY_FILE`, by
 * default `$XDG_CONFIG_HOME/winnow/secret.key` (`~/.config/winnow/secret.key`), outside the data
 * dir so a copy of the data dir alone does not reveal them. The file is created (mode 0600, its
 * folder 0700) with a random key the first time a secret is stored.
 *
 * A stored secret is one string: `enc:v1:<iv>:<ciphertext>:<tag>` (base64url), so it fits the
 * existing text column. The `context` (e.g. `endpoint:<id>.token`) is bound as associated data:
 * a ciphertext copied into another row does not decrypt there. Nothing here logs, and no error
 * carries a secret or a ciphertext.
 */

export const ENC_PREFIX = "enc:v1:";

export const isEncryptedSecret = (s: string | null | undefined): boolean => typeof s === "string" && s.startsWith(ENC_PREFIX);

/** The key file's path: `WINNOW_SECRET_KEY_FILE`, else under the XDG config dir. */
export const secretKeyFile = (env: NodeJS.ProcessEnv = process.env): string => {
  if (env.WINNOW_SECRET_KEY_FILE?.trim()) return path.resolve(env.WINNOW_SECRET_KEY_FILE.trim());
  const configHome = env.XDG_CONFIG_HOME?.trim() ? env.XDG_CONFIG_HOME.trim() : path.join(os.homedir(), ".config");
  return path.join(configHome, "winnow", "secret.key");
};

/** A key written as base64 (standard or url-safe) or hex; must be exactly 32 bytes. */
const decodeKey = (text: string, where: string): Buffer => {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, "hex") : Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== 32) throw new AppError("INTERNAL", `${where} must hold a 32-byte key, base64 or hex (e.g. the output of \`openssl rand -base64 32\`)`);
  return key;
};

/** Reads the key file, creating it (0600, atomically: a second process reads the first one's key) when absent. */
const readOrCreateKeyFile = (file: string): Buffer => {
  if (fs.existsSync(file)) return decodeKey(fs.readFileSync(file, "utf8"), `The key file ${file}`);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, `${crypto.randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(tmp, file); // fails if another process created it first: then its key is used
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return decodeKey(fs.readFileSync(file, "utf8"), `The key file ${file}`);
};

let cached: { source: string; key: Buffer } | undefined;

/** The 32-byte key (cached per source). */
export const secretKey = (env: NodeJS.ProcessEnv = process.env): Buffer => {
  const fromEnv = env.WINNOW_SECRET_KEY?.trim();
  const source = fromEnv ? `env:${crypto.createHash("sha256").update(fromEnv).digest("hex")}` : `file:${secretKeyFile(env)}`;
  if (cached?.source === source) return cached.key;
  const key = fromEnv ? decodeKey(fromEnv, "WINNOW_SECRET_KEY") : readOrCreateKeyFile(secretKeyFile(env));
  cached = { source, key };
  return key;
};

const b64u = (b: Buffer): string => b.toString("base64url");

/** Encrypts a secret for storage; `context` names where it is stored (bound as associated data). */
export const encryptSecret = (plain: string, context: string): string => {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", secretKey(), iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `${ENC_PREFIX}${b64u(iv)}:${b64u(ct)}:${b64u(cipher.getAuthTag())}`;
};

/**
 * The plain secret of a stored value. A value without the `enc:v1:` prefix is a legacy plaintext
 * (stored before encryption) and is returned as it is; callers re-store it encrypted.
 */
export const decryptSecret = (stored: string, context: string): string => {
  if (!isEncryptedSecret(stored)) return stored;
  const parts = stored.slice(ENC_PREFIX.length).split(":");
  const fail = () =>
    new AppError("INTERNAL", "A stored secret cannot be decrypted: the key (WINNOW_SECRET_KEY or its key file) is not the one it was encrypted with. Set the original key, or enter the secret again.");
  if (parts.length !== 3) throw fail();
  try {
    const [iv, ct, tag] = parts.map((p) => Buffer.from(p, "base64url"));
    const decipher = crypto.createDecipheriv("aes-256-gcm", secretKey(), iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    throw fail();
  }
};

/**
 * Removes a secret from a message: the whole secret and any echoed part of it of `minRun` or more
 * characters (a server that quotes a truncated or partial token), replaced by `[redacted]`.
 */
export const redactSecret = (message: string, secret: string | null | undefined, minRun = 8): string => {
  if (!secret || !message) return message;
  const n = Math.min(minRun, secret.length);
  const covered = new Uint8Array(message.length);
  let any = false;
  const windows = new Set<string>();
  for (let i = 0; i + n <= secret.length; i++) windows.add(secret.slice(i, i + n));
  for (const w of windows) {
    for (let at = message.indexOf(w); at !== -1; at = message.indexOf(w, at + 1)) {
      covered.fill(1, at, at + n);
      any = true;
    }
  }
  if (!any) return message;
  let out = "";
  for (let i = 0; i < message.length; ) {
    if (covered[i]) {
      while (i < message.length && covered[i]) i++;
      out += "[redacted]";
    } else out += message[i++];
  }
  return out;
};
