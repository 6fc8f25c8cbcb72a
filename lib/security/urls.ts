import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";

/**
 * The one gate for outgoing requests to user-given URLs (URL ingest, inference endpoints): no SSRF.
 *
 * - Only `http:` and `https:`.
 * - Refused targets: loopback, private (RFC 1918, IPv6 ULA), CGNAT (100.64/10), link-local
 *   (169.254/16 — cloud metadata — and fe80::/10), multicast, unspecified/"this network",
 *   reserved and documentation ranges, and IPv6 forms that embed an IPv4 address (IPv4-mapped,
 *   IPv4-compatible, NAT64, 6to4, Teredo) when the embedded address is refused. Decimal, octal and
 *   hex IPv4 spellings are normalised by the URL parser first, so they are caught as what they are.
 * - Checked on the literal host before any connection, and on every address the name resolves to,
 *   inside the socket's own `lookup` — the connection goes to the address that was checked, so a
 *   DNS answer that changes between a check and the connect (rebinding) cannot slip through.
 * - Redirects are followed by hand (`requestGuarded`), each hop checked the same way, at most 5.
 * - Allowed anyway: every target with `WINNOW_ALLOW_PRIVATE_URLS=1`; hosts and CIDRs listed in
 *   `WINNOW_URL_ALLOWLIST` (comma- or space-separated: `gpu-box.lan`, `*.internal.example`,
 *   `10.0.0.0/8`, `fd00::/8`, `192.168.1.7`).
 */

/** Marks an error as a refusal by this gate (callers map it to a non-retryable error). */
export const BLOCKED_CODE = "EWINNOWBLOCKED";

export type TLookupFn = (hostname: string, options: dns.LookupAllOptions) => Promise<dns.LookupAddress[]>;

const defaultLookup: TLookupFn = (hostname, options) => dns.promises.lookup(hostname, options);

const blocked = (message: string): AppError => Object.assign(new AppError("FORBIDDEN", message), { errno: BLOCKED_CODE });

/** True when `e` (or any error in its cause chain) is a refusal by this gate. */
export const isBlockedUrlError = (e: unknown): boolean => {
  for (let cur = e, depth = 0; cur && depth < 8; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = cur as { code?: unknown; errno?: unknown };
    if (c.code === BLOCKED_CODE || c.errno === BLOCKED_CODE) return true;
  }
  return false;
};

// ---- addresses ----------------------------------------------------------------------------

const ipv4ToInt = (ip: string): number => ip.split(".").reduce((a, p) => a * 256 + Number(p), 0);

/** The 128-bit value of an IPv6 address (zone id dropped; a dotted IPv4 tail allowed). */
const ipv6ToBigInt = (ip: string): bigint => {
  let s = ip.replace(/^\[|\]$/g, "").split("%")[0];
  const v4 = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const n = ipv4ToInt(v4[1]);
    s = `${s.slice(0, -v4[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = s.includes("::") ? s.split("::") : [s, null];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.reduce((a, g) => (a << 16n) | BigInt(parseInt(g || "0", 16)), 0n);
};

type TCidr = { v: 4; base: number; bits: number } | { v: 6; base: bigint; bits: number };

const parseCidr = (s: string): TCidr | null => {
  const [addr, bitsText] = s.split("/");
  const kind = net.isIP(addr);
  if (kind === 0) return null;
  const max = kind === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  return kind === 4 ? { v: 4, base: ipv4ToInt(addr), bits } : { v: 6, base: ipv6ToBigInt(addr), bits };
};

const inCidr = (ip: string, c: TCidr): boolean => {
  const kind = net.isIP(ip);
  if (kind === 4 && c.v === 4) {
    if (c.bits === 0) return true;
    const mask = c.bits === 32 ? 0xffffffff : (~0 << (32 - c.bits)) >>> 0;
    return ((ipv4ToInt(ip) & mask) >>> 0) === ((c.base & mask) >>> 0);
  }
  if (kind === 6 && c.v === 6) {
    const shift = BigInt(128 - c.bits);
    return ipv6ToBigInt(ip) >> shift === c.base >> shift;
  }
  return false;
};

const BLOCKED_V4 = [
  "0.0.0.0/8", // "this network", unspecified
  "10.0.0.0/8", // private
  "100.64.0.0/10", // CGNAT (also Alibaba Cloud's metadata, 100.100.100.200)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local, cloud metadata (169.254.169.254)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // documentation
  "192.88.99.0/24", // 6to4 relay anycast
  "192.168.0.0/16", // private
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // documentation
  "203.0.113.0/24", // documentation
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, broadcast
].map((c) => parseCidr(c)!);

const BLOCKED_V6 = [
  "::/128", // unspecified
  "::1/128", // loopback
  "100::/64", // discard
  "2001:db8::/32", // documentation
  "fc00::/7", // unique local (AWS metadata fd00:ec2::254)
  "fe80::/10", // link-local
  "fec0::/10", // site-local (deprecated)
  "ff00::/8", // multicast
].map((c) => parseCidr(c)!);

/** The IPv4 address an IPv6 address carries, for the forms that route to it. */
const embeddedIpv4 = (ip: string): string | null => {
  const v = ipv6ToBigInt(ip);
  const toV4 = (n: bigint) => [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)).join(".");
  if (v >> 32n === 0xffffn) return toV4(v & 0xffffffffn); // ::ffff:a.b.c.d (IPv4-mapped)
  if (v >> 32n === 0n) return toV4(v & 0xffffffffn); // ::a.b.c.d (IPv4-compatible)
  if (v >> 32n === 0x0064ff9b0000000000000000n) return toV4(v & 0xffffffffn); // 64:ff9b::/96 NAT64
  if (v >> 112n === 0x2002n) return toV4((v >> 80n) & 0xffffffffn); // 2002::/16 6to4
  if (v >> 96n === 0x20010000n) return toV4(~v & 0xffffffffn); // 2001::/32 Teredo (client address, obfuscated)
  return null;
};

/** True for an address no request may reach unless allowed: loopback, private, link-local, CGNAT, multicast, … */
export const isBlockedAddress = (ip: string): boolean => {
  const bare = ip.replace(/^\[|\]$/g, "");
  const kind = net.isIP(bare.split("%")[0]);
  if (kind === 4) return BLOCKED_V4.some((c) => inCidr(bare, c));
  if (kind === 6) {
    const addr = bare.split("%")[0];
    const v4 = embeddedIpv4(addr);
    if (v4 !== null && (isBlockedAddress(v4) || v4 === "0.0.0.0")) return true;
    return BLOCKED_V6.some((c) => inCidr(addr, c));
  }
  return true; // not an address at all: refuse
};

// ---- policy -------------------------------------------------------------------------------

type TPolicy = { allowAll: boolean; hosts: string[]; cidrs: TCidr[] };

/** The policy from the environment, read on every call (tests and admins change it). */
export const urlPolicy = (env: NodeJS.ProcessEnv = process.env): TPolicy => {
  const allowAll = /^(1|true|yes)$/i.test((env.WINNOW_ALLOW_PRIVATE_URLS ?? "").trim());
  const entries = (env.WINNOW_URL_ALLOWLIST ?? "")
    .split(/[\s,]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  const cidrs: TCidr[] = [];
  const hosts: string[] = [];
  for (const e of entries) {
    const c = parseCidr(e.replace(/^\[|\]$/g, ""));
    if (c) cidrs.push(c);
    else hosts.push(e);
  }
  return { allowAll, hosts, cidrs };
};

const hostAllowed = (hostname: string, p: TPolicy): boolean => {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return p.hosts.some((e) => (e.startsWith("*.") ? h.endsWith(e.slice(1)) && h.length > e.length - 1 : h === e));
};

const addressAllowed = (ip: string, hostname: string, p: TPolicy): boolean =>
  p.allowAll || hostAllowed(hostname, p) || p.cidrs.some((c) => inCidr(ip.replace(/^\[|\]$/g, ""), c)) || !isBlockedAddress(ip);

/** Names that always mean this machine or a metadata service, refused before any DNS query. */
const LOCAL_NAMES = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback|metadata|metadata\.google\.internal|instance-data|instance-data\.ec2\.internal)$|\.localhost$/;

const refusal = (url: URL | string, why: string): AppError =>
  blocked(
    `Refused to connect to ${typeof url === "string" ? url : url.origin}: ${why}. ` +
      "Private, loopback, link-local and metadata addresses are blocked; an admin can allow them with WINNOW_URL_ALLOWLIST (hosts or CIDRs) or WINNOW_ALLOW_PRIVATE_URLS=1",
  );

/**
 * Checks a URL without DNS: the scheme, a literal address, and names that always mean this
 * machine. Returns the parsed URL. Throws a 422 for a bad URL, a 403 for a refused target.
 */
export const checkUrlTarget = (raw: string | URL): URL => {
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw) : raw;
  } catch {
    throw new AppError("UNPROCESSABLE", "Not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("UNPROCESSABLE", `Only http:// and https:// URLs are allowed, not ${url.protocol}`);
  const p = urlPolicy();
  if (p.allowAll) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (net.isIP(host)) {
    if (!addressAllowed(host, host, p)) throw refusal(url, `${host} is a private or reserved address`);
  } else if (LOCAL_NAMES.test(host.replace(/\.$/, "")) && !hostAllowed(host, p)) {
    throw refusal(url, `${host} names this machine or a metadata service`);
  } else if (host === "") {
    throw new AppError("UNPROCESSABLE", "The URL has no host");
  }
  return url;
};

/** Resolves a host and checks every address; returns them (the caller connects to these). */
const resolveChecked = async (hostname: string, lookup: TLookupFn, family?: number): Promise<dns.LookupAddress[]> => {
  const p = urlPolicy();
  const host = hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) {
    if (!addressAllowed(host, host, p)) throw refusal(hostname, `${host} is a private or reserved address`);
    return [{ address: host, family: net.isIP(host) }];
  }
  if (!p.allowAll && LOCAL_NAMES.test(host.toLowerCase().replace(/\.$/, "")) && !hostAllowed(host, p)) throw refusal(hostname, `${host} names this machine or a metadata service`);
  const addrs = await lookup(host, { all: true, ...(family === 4 || family === 6 ? { family } : {}) });
  if (addrs.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  // Every address must pass: a name that also resolves to a private address is refused as a whole.
  const bad = addrs.find((a) => !addressAllowed(a.address, host, p));
  if (bad) throw refusal(hostname, `${host} resolves to ${bad.address}, a private or reserved address`);
  return addrs;
};

/** Checks a URL including DNS (for API-time checks: a clear 403 before a run is queued). */
export const assertPublicUrl = async (raw: string, opts: { lookup?: TLookupFn } = {}): Promise<URL> => {
  const url = checkUrlTarget(raw);
  if (urlPolicy().allowAll) return url;
  try {
    await resolveChecked(url.hostname, opts.lookup ?? defaultLookup);
  } catch (e) {
    if (isBlockedUrlError(e)) throw e;
    // An unresolvable name is not a security question; the request itself will report it.
  }
  return url;
};

type TNetLookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `lookup` for sockets (http.Agent / net.connect option): resolves, checks every address, and
 * hands the checked addresses to the socket, which connects to one of them.
 */
export const guardedLookup =
  (lookup: TLookupFn = defaultLookup) =>
  (hostname: string, options: dns.LookupOptions | number | TNetLookupCallback, callback?: TNetLookupCallback): void => {
    const cb = (typeof options === "function" ? options : callback) as TNetLookupCallback;
    const opts = typeof options === "object" ? options : typeof options === "number" ? { family: options } : {};
    resolveChecked(hostname, lookup, typeof opts.family === "number" ? opts.family : undefined).then(
      (addrs) => (opts.all ? cb(null, addrs) : cb(null, addrs[0].address, addrs[0].family)),
      (e: NodeJS.ErrnoException) => cb(isBlockedUrlError(e) ? Object.assign(new Error(e.message), { code: BLOCKED_CODE }) : e, "", 0),
    );
  };

/** Keep-alive agents whose sockets resolve through `guardedLookup`. */
export const guardedAgents = (opts: { keepAlive?: boolean; lookup?: TLookupFn } = {}) => {
  const lookup = guardedLookup(opts.lookup) as unknown as net.LookupFunction;
  const base = opts.keepAlive ? { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 } : {};
  return { "http:": new http.Agent({ ...base, lookup }), "https:": new https.Agent({ ...base, lookup }) } as const;
};

export type TGuardedResponse = { url: URL; status: number; statusText: string; headers: http.IncomingHttpHeaders; body: Readable };

/**
 * A GET that follows redirects by hand (at most `maxRedirects`), checking every hop's URL and
 * resolved addresses. Headers in `sensitiveHeaders` (e.g. authorization) are sent only to the
 * first URL's origin. Resolves with the final response; its body is a stream.
 */
export const requestGuarded = async (
  raw: string,
  opts: { headers?: Record<string, string>; signal?: AbortSignal; maxRedirects?: number; lookup?: TLookupFn; sensitiveHeaders?: string[] } = {},
): Promise<TGuardedResponse> => {
  const maxRedirects = opts.maxRedirects ?? 5;
  const agents = guardedAgents({ lookup: opts.lookup });
  const first = checkUrlTarget(raw);
  const sensitive = new Set((opts.sensitiveHeaders ?? ["authorization", "cookie"]).map((h) => h.toLowerCase()));
  let url = first;
  for (let hop = 0; ; hop++) {
    checkUrlTarget(url);
    const headers = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([k]) => url.origin === first.origin || !sensitive.has(k.toLowerCase())));
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      if (opts.signal?.aborted) return reject(opts.signal.reason);
      const lib = url.protocol === "https:" ? https : http;
      const req = lib.request(url, { method: "GET", headers, agent: agents[url.protocol as "http:" | "https:"], signal: opts.signal }, resolve);
      req.on("error", reject);
      req.end();
    });
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= maxRedirects) throw new AppError("UNPROCESSABLE", `Too many redirects (more than ${maxRedirects}) from ${first.origin}`);
      let next: URL;
      try {
        next = new URL(res.headers.location, url);
      } catch {
        throw new AppError("UNPROCESSABLE", `${url.origin} redirected to an invalid URL`);
      }
      url = next;
      continue;
    }
    return { url, status, statusText: res.statusMessage ?? "", headers: res.headers, body: res };
  }
};
