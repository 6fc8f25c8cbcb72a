import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as endpointGet, PATCH as endpointPatch } from "@/app/api/endpoints/[id]/route";
import { POST as endpointTestPost } from "@/app/api/endpoints/[id]/test/route";
import { POST as endpointsPost } from "@/app/api/endpoints/route";
import { POST as ingestPost } from "@/app/api/ingest/route";
import { closeDb } from "@/lib/db/client";
import { getEndpointRowOrThrow } from "@/lib/inference/endpoints";
import { downloadToDir } from "@/lib/ingest/download";
import { startIngest } from "@/lib/ingest/start-ingest";
import { listRuns } from "@/lib/runs/list-runs";
import { getRunOrThrow } from "@/lib/runs/get-run";
import { runWorkerLoop } from "@/lib/runs/worker-loop";
import { redactSecret } from "@/lib/security/secrets";
import { assertPublicUrl, checkUrlTarget, isBlockedAddress, requestGuarded, type TLookupFn } from "@/lib/security/urls";
import { startInferenceServer, type TInferenceServer } from "@/tests/helpers/inference-server";
import { useTempDataDir } from "@/tests/helpers/temp-data-dir";

/**
 * SSRF attacks (issue 10, item 5) and token exfiltration: literal addresses in every spelling,
 * names that resolve to loopback, redirects from an allowed server to a private one, and moving
 * an endpoint (with its saved token) to another server. Private URLs are NOT allowed here by
 * default; a test that needs a local server allows exactly that server through the allow-list.
 */

const ctx = <P>(params: P) => ({ params: Promise.resolve(params) });
const json = (method: string, body: unknown) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

let dataDir = "";
let server: http.Server;
let port = 0;
const hits: string[] = [];
let inference: TInferenceServer;
let inference2: TInferenceServer;

const DOC = '{"id":"a","text":"hello world"}\n';

beforeAll(async () => {
  delete process.env.WINNOW_ALLOW_PRIVATE_URLS;
  delete process.env.WINNOW_URL_ALLOWLIST;
  dataDir = useTempDataDir("sec-urls");
  server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    const u = req.url ?? "/";
    if (u === "/docs.jsonl" || u.endsWith("evil.jsonl")) {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.end(DOC);
    } else if (u.startsWith("/to/")) {
      // /to/<url-encoded target>: a redirect to anywhere.
      res.writeHead(302, { location: decodeURIComponent(u.slice(4)) });
      res.end();
    } else if (u === "/loop") {
      res.writeHead(302, { location: "/loop" });
      res.end();
    } else {
      res.writeHead(404);
      res.end("no");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
  inference = await startInferenceServer();
  inference2 = await startInferenceServer();
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await inference.close();
  await inference2.close();
  closeDb();
});

afterEach(() => {
  delete process.env.WINNOW_ALLOW_PRIVATE_URLS;
  delete process.env.WINNOW_URL_ALLOWLIST;
});

const fakeLookup =
  (...addresses: string[]): TLookupFn =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

describe("addresses", () => {
  it("refuses loopback, private, link-local, CGNAT, multicast, unspecified, metadata and embedded forms", () => {
    const blocked = [
      "127.0.0.1", "127.255.0.9", "0.0.0.0", "0.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
      "100.64.0.1", "100.100.100.200", "224.0.0.1", "239.255.255.250", "255.255.255.255", "198.18.0.1", "192.0.0.192",
      "::", "::1", "fe80::1", "fe80::1%eth0", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:a9fe:a9fe",
      "::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:c0a8:101::", "[::1]", "not-an-ip",
    ];
    for (const ip of blocked) expect(isBlockedAddress(ip), ip).toBe(true);
    for (const ip of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1"]) {
      expect(isBlockedAddress(ip), ip).toBe(false);
    }
  });

  it("refuses literal targets in decimal, octal, hex and IPv6 spellings, local names, and non-http schemes", () => {
    const refused = [
      "http://127.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://0x7f.1/", "http://127.1/", "http://017700000001/",
      "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:a9fe:a9fe]/", "http://[0:0:0:0:0:ffff:7f00:1]/", "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/", "http://0/", "http://localhost/", "http://LOCALHOST./", "http://api.localhost/", "http://metadata.google.internal/computeMetadata/v1/",
      "http://10.0.0.1:11434/", "https://192.168.1.1/", "http://100.100.100.200/",
    ];
    for (const u of refused) expect(() => checkUrlTarget(u), u).toThrow(/Refused to connect/);
    for (const u of ["file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/", "data:text/plain,hi", "not a url"]) {
      expect(() => checkUrlTarget(u), u).toThrow(/Only http|Not a valid URL/);
    }
    expect(checkUrlTarget("https://huggingface.co/datasets/x").hostname).toBe("huggingface.co");
  });

  it("checks every address a name resolves to (DNS names that point at loopback or a private net)", async () => {
    await expect(assertPublicUrl("http://rebind.example/", { lookup: fakeLookup("127.0.0.1") })).rejects.toThrow(/resolves to 127\.0\.0\.1/);
    await expect(assertPublicUrl("http://mixed.example/", { lookup: fakeLookup("8.8.8.8", "10.1.2.3") })).rejects.toThrow(/resolves to 10\.1\.2\.3/);
    await expect(assertPublicUrl("http://v6.example/", { lookup: fakeLookup("::ffff:169.254.169.254") })).rejects.toThrow(/Refused/);
    await expect(assertPublicUrl("http://public.example/", { lookup: fakeLookup("93.184.216.34") })).resolves.toBeInstanceOf(URL);
    // The system resolver: "localhost" is refused before any query, even spelled with a trailing dot.
    await expect(assertPublicUrl("http://localhost./")).rejects.toThrow(/Refused/);
  });

  it("connects only to the address it checked: a name resolving to loopback at connect time is refused, nothing sent", async () => {
    hits.length = 0;
    await expect(requestGuarded(`http://rebinding.example:${port}/docs.jsonl`, { lookup: fakeLookup("127.0.0.1") })).rejects.toThrow(/resolves to 127\.0\.0\.1/);
    expect(hits).toEqual([]);
    // The same request through an allow-listed CIDR reaches the server (the control).
    process.env.WINNOW_URL_ALLOWLIST = "127.0.0.0/8";
    const ok = await requestGuarded(`http://rebinding.example:${port}/docs.jsonl`, { lookup: fakeLookup("127.0.0.1") });
    ok.body.resume();
    expect(ok.status).toBe(200);
    expect(hits).toEqual(["/docs.jsonl"]);
  });
});

describe("URL ingest", () => {
  const downloads = () => path.join(dataDir, "downloads", "t");

  it("downloads from an allow-listed host (the control) and names the file with a safe basename", async () => {
    process.env.WINNOW_URL_ALLOWLIST = "localhost";
    const file = await downloadToDir(`http://localhost:${port}/..%2F..%2F..%2Fevil.jsonl`, downloads(), 1e6, () => {});
    expect(file).toBe(path.join(downloads(), "evil.jsonl"));
    expect(fs.readFileSync(file, "utf8")).toBe(DOC);
    expect(fs.existsSync(path.join(dataDir, "evil.jsonl"))).toBe(false);
    fs.rmSync(downloads(), { recursive: true, force: true });
  });

  it("refuses a redirect from an allowed server to loopback, link-local or a private address; writes nothing", async () => {
    process.env.WINNOW_URL_ALLOWLIST = "localhost";
    for (const target of [`http://127.0.0.1:${port}/docs.jsonl`, `http://[::1]:${port}/docs.jsonl`, "http://169.254.169.254/latest/meta-data/", `http://2130706433:${port}/docs.jsonl`, `http://10.0.0.1/x`]) {
      hits.length = 0;
      await expect(downloadToDir(`http://localhost:${port}/to/${encodeURIComponent(target)}`, downloads(), 1e6, () => {})).rejects.toThrow(/Refused to connect/);
      expect(hits.filter((h) => h === "/docs.jsonl"), target).toEqual([]);
      expect(fs.existsSync(downloads()), target).toBe(false);
    }
    // Redirects to file: and other schemes are refused too; redirect loops end.
    await expect(downloadToDir(`http://localhost:${port}/to/${encodeURIComponent("file:///etc/passwd")}`, downloads(), 1e6, () => {})).rejects.toThrow(/Only http/);
    await expect(downloadToDir(`http://localhost:${port}/loop`, downloads(), 1e6, () => {})).rejects.toThrow(/Too many redirects/);
    expect(fs.existsSync(downloads())).toBe(false);
  });

  it("refuses private targets at the API (403), creating no run and writing nothing", async () => {
    const before = listRuns({}).length;
    const dl = path.join(dataDir, "downloads");
    const filesBefore = fs.existsSync(dl) ? fs.readdirSync(dl, { recursive: true }) : [];
    for (const url of [`http://127.0.0.1:${port}/docs.jsonl`, `http://localhost:${port}/docs.jsonl`, `http://2130706433:${port}/docs.jsonl`, `http://[::ffff:127.0.0.1]:${port}/docs.jsonl`, "http://169.254.169.254/latest/user-data.jsonl"]) {
      const res = await ingestPost(new Request("http://localhost/api/ingest", json("POST", { source: { kind: "url", url } })), ctx({}));
      expect(res.status, url).toBe(403);
    }
    expect(listRuns({}).length).toBe(before);
    expect(fs.existsSync(dl) ? fs.readdirSync(dl, { recursive: true }) : []).toEqual(filesBefore);
  });

  it("fails the run when a name resolves to a refused address at download time", async () => {
    // Allowed when queued (the allow-list names the host), refused when the worker connects.
    process.env.WINNOW_URL_ALLOWLIST = "localhost";
    const { runId } = startIngest({ name: "late", source: { kind: "url", url: `http://localhost:${port}/docs.jsonl` } });
    delete process.env.WINNOW_URL_ALLOWLIST;
    hits.length = 0;
    await runWorkerLoop({ exitWhenIdle: true, idleMs: 10 });
    const run = getRunOrThrow(runId);
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/Refused to connect/);
    expect(hits).toEqual([]);
  });

  it("WINNOW_ALLOW_PRIVATE_URLS=1 allows everything (the admin's switch)", async () => {
    process.env.WINNOW_ALLOW_PRIVATE_URLS = "1";
    const file = await downloadToDir(`http://127.0.0.1:${port}/docs.jsonl`, downloads(), 1e6, () => {});
    expect(fs.readFileSync(file, "utf8")).toBe(DOC);
    fs.rmSync(downloads(), { recursive: true, force: true });
  });
});

describe("inference endpoints", () => {
  const TOKEN = "hf_ExfiltrateMe_0123456789abcdef";

  const createAllowed = async (baseUrl: string, token: string | null = TOKEN) => {
    process.env.WINNOW_URL_ALLOWLIST = "127.0.0.1";
    const res = await endpointsPost(new Request("http://localhost/api/endpoints", json("POST", { name: "e", kind: "openai", baseUrl, model: "test-model", token, timeoutMs: 2000 })), ctx({}));
    expect(res.status).toBe(200);
    return ((await res.json()) as { endpoint: { id: string } }).endpoint.id;
  };

  it("refuses private base URLs when saving", async () => {
    for (const baseUrl of ["http://127.0.0.1:8000", "http://localhost:8000", "http://169.254.169.254", "http://[::1]:8000", "http://2130706433", "http://10.0.0.5:8080", "file:///etc/passwd"]) {
      const res = await endpointsPost(new Request("http://localhost/api/endpoints", json("POST", { name: "x", kind: "tgi", baseUrl })), ctx({}));
      expect(res.status, baseUrl).toBe(422);
    }
  });

  it("refuses to send a request to a target that became private (allow-list removed); nothing reaches the server", async () => {
    const id = await createAllowed(inference.url);
    delete process.env.WINNOW_URL_ALLOWLIST;
    const n = inference.requests.length;
    const res = await endpointTestPost(new Request(`http://localhost/api/endpoints/${id}/test`, json("POST", {})), ctx({ id }));
    const body = (await res.json()) as { ok: boolean; kind: string; message: string };
    expect(body).toMatchObject({ ok: false, kind: "unsupported" });
    expect(body.message).toMatch(/Refused to connect/);
    expect(inference.requests.length).toBe(n);
  });

  it("clears the saved token when a PATCH moves the endpoint to another origin or kind", async () => {
    const id = await createAllowed(inference.url);
    // The attacker points the endpoint at their own server and presses Test.
    const moved = await endpointPatch(new Request(`http://localhost/api/endpoints/${id}`, json("PATCH", { baseUrl: inference2.url })), ctx({ id }));
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { endpoint: { tokenMasked: string | null } }).endpoint.tokenMasked).toBeNull();
    expect(getEndpointRowOrThrow(id).token).toBeNull();
    await endpointTestPost(new Request(`http://localhost/api/endpoints/${id}/test`, json("POST", {})), ctx({ id }));
    expect(inference2.requests.length).toBeGreaterThan(0);
    for (const r of inference2.requests) expect(r.authorization ?? "").not.toContain(TOKEN);

    // A path change on the same origin keeps it; a new token in the same request is kept.
    const id2 = await createAllowed(inference.url);
    await endpointPatch(new Request(`http://localhost/api/endpoints/${id2}`, json("PATCH", { baseUrl: `${inference.url}/v2` })), ctx({ id: id2 }));
    expect(getEndpointRowOrThrow(id2).token).toBe(TOKEN);
    await endpointPatch(new Request(`http://localhost/api/endpoints/${id2}`, json("PATCH", { baseUrl: inference2.url, token: "hf_NewTokenForServerTwo_42" })), ctx({ id: id2 }));
    expect(getEndpointRowOrThrow(id2).token).toBe("hf_NewTokenForServerTwo_42");
    // A change of kind clears it too.
    await endpointPatch(new Request(`http://localhost/api/endpoints/${id2}`, json("PATCH", { kind: "tgi" })), ctx({ id: id2 }));
    expect(getEndpointRowOrThrow(id2).token).toBeNull();
    // And a PATCH to a private target is refused, keeping everything as it was.
    const id3 = await createAllowed(inference.url);
    delete process.env.WINNOW_URL_ALLOWLIST;
    const refused = await endpointPatch(new Request(`http://localhost/api/endpoints/${id3}`, json("PATCH", { baseUrl: "http://169.254.169.254" })), ctx({ id: id3 }));
    expect(refused.status).toBe(422);
    expect(getEndpointRowOrThrow(id3)).toMatchObject({ baseUrl: inference.url, token: TOKEN });
    const view = await (await endpointGet(new Request("http://localhost/x"), ctx({ id: id3 }))).text();
    expect(view).not.toContain(TOKEN);
  });

  it("redacts partial echoes of the token from error messages", async () => {
    const id = await createAllowed(inference.url);
    const partial = TOKEN.slice(5, 19);
    inference.setBehaviour(() => ({ kind: "raw", status: 401, body: JSON.stringify({ error: `bad key ...${partial}... (${TOKEN.slice(-9)})` }) }));
    try {
      const res = await endpointTestPost(new Request(`http://localhost/api/endpoints/${id}/test`, json("POST", {})), ctx({ id }));
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ ok: false, kind: "http_4xx" });
      expect(text).toContain("[redacted]");
      expect(text).not.toContain(partial);
      expect(text).not.toContain(TOKEN.slice(-9));
    } finally {
      inference.reset();
    }
    expect(redactSecret("x hf_Exfiltr y", TOKEN)).toBe("x [redacted] y");
    expect(redactSecret("seven: hf_Exfi", TOKEN)).toBe("seven: hf_Exfi");
  });
});
