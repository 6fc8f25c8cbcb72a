import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as endpointsGet, POST as endpointsPost } from "@/app/api/endpoints/route";
import { closeDb, getDb, metadataDbFile } from "@/lib/db/client";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { endpointTokenContext } from "@/lib/security/endpoint-tokens";
import { decryptSecret, encryptSecret, ENC_PREFIX, secretKey, secretKeyFile } from "@/lib/security/secrets";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * Secrets at rest (issue 10, item 6): endpoint tokens are stored encrypted (AES-256-GCM, key from
 * the environment or a key file outside the data dir); plain text left by an older build is
 * encrypted when the DB opens; neither the DB file nor its WAL holds the token afterwards.
 */

const TOKEN = "hf_AtRestSecret_abcdefghijklmnop";
const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
let dataDir = "";
let keyDir = "";

const dbBytesContain = (needle: string): boolean => {
  const file = metadataDbFile(dataDir);
  return [file, `${file}-wal`].some((f) => fs.existsSync(f) && fs.readFileSync(f).includes(Buffer.from(needle)));
};

beforeAll(() => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), "winnow-keytest-"));
  process.env.WINNOW_SECRET_KEY_FILE = path.join(keyDir, "nested", "secret.key");
  dataDir = useTempDataDir("sec-secrets");
  process.env.WINNOW_ALLOW_PRIVATE_URLS = "1";
});

afterAll(() => {
  closeDb();
  delete process.env.WINNOW_ALLOW_PRIVATE_URLS;
  fs.rmSync(keyDir, { recursive: true, force: true });
});

describe("secrets at rest", () => {
  it("creates the key file 0600 (folder 0700) outside the data dir on first use", async () => {
    const file = secretKeyFile();
    expect(fs.existsSync(file)).toBe(false);
    const res = await endpointsPost(new Request("http://localhost/api/endpoints", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "e", kind: "openai", baseUrl: "http://127.0.0.1:9", model: "m", token: TOKEN }) }), ctx({}));
    expect(res.status).toBe(200);
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64")).toHaveLength(32);
    expect(path.relative(dataDir, file).startsWith("..")).toBe(true);
  });

  it("stores tokens encrypted: the column holds enc:v1:…, the DB and WAL bytes never the token", async () => {
    const rows = getDb().$client.prepare("SELECT id, token FROM endpoints").all() as { id: string; token: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0].token.startsWith(ENC_PREFIX)).toBe(true);
    expect(rows[0].token).not.toContain(TOKEN);
    expect(dbBytesContain(TOKEN)).toBe(false);
    expect(getEndpointRowOrThrow(rows[0].id).token).toBe(TOKEN);
    const list = await (await endpointsGet(new Request("http://localhost/api/endpoints"), ctx({}))).text();
    expect(list).not.toContain(TOKEN);
    expect(list).not.toContain(rows[0].token);
  });

  it("encrypts plain-text tokens left by an older build when the DB opens, leaving no plain copy", () => {
    const plain = "hf_LegacyPlaintextToken_0987654321";
    getDb()
      .$client.prepare(
        "INSERT INTO endpoints (id, name, kind, base_url, model, token, concurrency, requests_per_second, timeout_ms, max_input_tokens, created_at, updated_at) VALUES ('ep_legacy', 'old', 'openai', 'http://127.0.0.1:9', 'm', ?, 1, 0, 1000, 100, 0, 0)",
      )
      .run(plain);
    expect(dbBytesContain(plain)).toBe(true);
    closeDb();
    getDb();
    const stored = (getDb().$client.prepare("SELECT token FROM endpoints WHERE id = 'ep_legacy'").get() as { token: string }).token;
    expect(stored.startsWith(ENC_PREFIX)).toBe(true);
    expect(getEndpointRowOrThrow("ep_legacy").token).toBe(plain);
    expect(dbBytesContain(plain)).toBe(false);
  });

  it("binds a ciphertext to its row: copied into another endpoint it does not decrypt", () => {
    const enc = encryptSecret("s3cret-value-123", endpointTokenContext("ep_a"));
    expect(decryptSecret(enc, endpointTokenContext("ep_a"))).toBe("s3cret-value-123");
    expect(() => decryptSecret(enc, endpointTokenContext("ep_b"))).toThrow(/cannot be decrypted/);
  });

  it("takes the key from WINNOW_SECRET_KEY (base64 or hex); a wrong key gives a clear error with no secret in it", () => {
    const key = crypto.randomBytes(32);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      process.env.WINNOW_SECRET_KEY = key.toString("base64");
      expect(secretKey().equals(key)).toBe(true);
      const enc = encryptSecret("value-under-env-key", "ctx");
      process.env.WINNOW_SECRET_KEY = key.toString("hex");
      expect(decryptSecret(enc, "ctx")).toBe("value-under-env-key");
      process.env.WINNOW_SECRET_KEY = crypto.randomBytes(32).toString("base64");
      let message = "";
      try {
        decryptSecret(enc, "ctx");
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/cannot be decrypted/);
      expect(message).not.toContain(enc.slice(ENC_PREFIX.length, ENC_PREFIX.length + 12));
      // The endpoint list still answers (token shown as "set"), never failing on a wrong key.
      process.env.WINNOW_SECRET_KEY = "dG9vIHNob3J0";
      expect(() => secretKey()).toThrow(/32-byte key/);
    } finally {
      delete process.env.WINNOW_SECRET_KEY;
      spy.mockRestore();
    }
  });

  it("lists endpoints with a masked token even when the key changed", async () => {
    process.env.WINNOW_SECRET_KEY = crypto.randomBytes(32).toString("hex");
    try {
      const res = await endpointsGet(new Request("http://localhost/api/endpoints"), ctx({}));
      expect(res.status).toBe(200);
      const { endpoints } = (await res.json()) as { endpoints: { tokenMasked: string | null }[] };
      expect(endpoints.every((e) => e.tokenMasked === "set")).toBe(true);
    } finally {
      delete process.env.WINNOW_SECRET_KEY;
    }
  });
});
