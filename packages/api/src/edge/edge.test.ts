import { describe, expect, it } from "vitest";
import { BodyTooLargeError, readBody, withBodyLimit } from "./body";
import { parseTrustedProxies, rewriteForwardedHeaders } from "./client-address";
import { originPolicyFromEnv, originRefusal, sameOriginRefusal, trustedOriginsFor } from "./origin";

const unset = originPolicyFromEnv({});
const at = (host: string, extra: Record<string, string> = {}) => new Headers({ host, ...extra });

describe("origin policy", () => {
  it("with LABNET_URL unset trusts each request's own origin, at any address", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "192.168.1.20:3000", "nb-07.lab:3000"]) {
      expect(originRefusal(unset, at(host), `http://${host}`)).toBeNull();
    }
  });

  it("refuses other origins with a message naming both", () => {
    const message = originRefusal(unset, at("192.168.1.20:3000"), "http://evil.example");
    expect(message).toContain("http://192.168.1.20:3000");
    expect(message).toContain("http://evil.example");
    // A different port is a different origin.
    expect(originRefusal(unset, at("localhost:3000"), "http://localhost:3001")).not.toBeNull();
  });

  it("with LABNET_URL set trusts it and LABNET_TRUSTED_ORIGINS only, and says how to fix the rest", () => {
    const policy = originPolicyFromEnv({
      LABNET_URL: "https://labnet.example/",
      LABNET_TRUSTED_ORIGINS: " http://10.0.0.5:3000 , https://ops.example",
    });
    expect(trustedOriginsFor(policy, at("127.0.0.1:3000"))).toEqual([
      "https://labnet.example",
      "http://10.0.0.5:3000",
      "https://ops.example",
    ]);
    expect(originRefusal(policy, at("labnet.example"), "https://ops.example")).toBeNull();
    expect(originRefusal(policy, at("127.0.0.1:3000"), "http://127.0.0.1:3000")).toBe(
      "labnet was opened at http://127.0.0.1:3000, but it is configured for https://labnet.example: open https://labnet.example, or set LABNET_URL=http://127.0.0.1:3000 (or add it to LABNET_TRUSTED_ORIGINS) and restart labnet.",
    );
  });

  it("names the variable when a value is not an http(s) URL", () => {
    expect(() => originPolicyFromEnv({ LABNET_URL: "localhost:3000" })).toThrow(
      /^LABNET_URL: must be an http/,
    );
    expect(() => originPolicyFromEnv({ LABNET_TRUSTED_ORIGINS: "ftp://x" })).toThrow(
      /^LABNET_TRUSTED_ORIGINS: .*"ftp:\/\/x"/,
    );
  });

  it("uses a trusted proxy's scheme and host (the web server drops them from anyone else)", () => {
    const headers = at("10.0.0.2:3000", {
      "x-forwarded-host": "labnet.example",
      "x-forwarded-proto": "https",
    });
    expect(trustedOriginsFor(unset, headers)).toEqual(["https://labnet.example"]);
  });

  it("same-origin rule: Origin when present, else Sec-Fetch-Site same-origin or none", () => {
    expect(sameOriginRefusal(unset, at("h:1", { origin: "http://h:1" }))).toBeNull();
    expect(sameOriginRefusal(unset, at("h:1", { origin: "null" }))).toMatch(/without an origin/);
    expect(sameOriginRefusal(unset, at("h:1", { "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(sameOriginRefusal(unset, at("h:1", { "sec-fetch-site": "none" }))).toBeNull();
    expect(sameOriginRefusal(unset, at("h:1", { "sec-fetch-site": "same-site" }))).toMatch(
      /same-site request/,
    );
    expect(sameOriginRefusal(unset, at("h:1", { "sec-fetch-site": "cross-site" }))).toMatch(/cross-site/);
    expect(sameOriginRefusal(unset, at("h:1"))).toMatch(/API token/);
    // An Origin header wins over a forged-looking Sec-Fetch-Site.
    expect(
      sameOriginRefusal(unset, at("h:1", { origin: "http://evil", "sec-fetch-site": "same-origin" })),
    ).not.toBeNull();
  });
});

describe("forwarded headers", () => {
  const proxies = parseTrustedProxies("10.0.0.0/24, 2001:db8::1");

  it("replaces a client's X-Forwarded-For with the socket address and drops proxy headers", () => {
    const headers: Record<string, string | string[] | undefined> = {
      "x-forwarded-for": "1.2.3.4",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-real-ip": "5.6.7.8",
      host: "labnet:3000",
    };
    rewriteForwardedHeaders(headers, "::ffff:192.168.1.50", proxies);
    expect(headers).toEqual({ "x-forwarded-for": "192.168.1.50", host: "labnet:3000" });
  });

  it("keeps a trusted proxy's chain and appends the proxy itself", () => {
    const headers: Record<string, string | string[] | undefined> = {
      "x-forwarded-for": "6.6.6.6, 192.168.1.50",
      "x-forwarded-proto": "https",
    };
    rewriteForwardedHeaders(headers, "10.0.0.7", proxies);
    expect(headers["x-forwarded-for"]).toBe("6.6.6.6, 192.168.1.50, 10.0.0.7");
    expect(headers["x-forwarded-proto"]).toBe("https");
    const v6: Record<string, string | string[] | undefined> = {};
    rewriteForwardedHeaders(v6, "2001:db8::1", proxies);
    expect(v6["x-forwarded-for"]).toBe("2001:db8::1");
  });

  it("trusts no proxy by default", () => {
    const headers: Record<string, string | string[] | undefined> = { "x-forwarded-for": "1.2.3.4" };
    rewriteForwardedHeaders(headers, "10.0.0.7", parseTrustedProxies(undefined));
    expect(headers["x-forwarded-for"]).toBe("10.0.0.7");
  });

  it("names a bad LABNET_TRUSTED_PROXIES entry", () => {
    expect(() => parseTrustedProxies("10.0.0.1, proxy.local")).toThrow(
      'LABNET_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range',
    );
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/"10.0.0.0\/33"/);
  });
});

describe("body limits", () => {
  /** A chunked body of `chunks` × 64 KiB that records how much of it was pulled. */
  function streamingRequest(chunks: number, headers: Record<string, string> = {}) {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (pulled === chunks) return controller.close();
          pulled++;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://x/", {
      method: "POST",
      body,
      headers,
      duplex: "half",
    } as RequestInit);
    return { request, pulled: () => pulled };
  }

  it("stops reading as soon as the limit is passed", async () => {
    const { request, pulled } = streamingRequest(10_000);
    await expect(readBody(request, 256 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(pulled()).toBeLessThanOrEqual(6);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const { request, pulled } = streamingRequest(10, { "content-length": "999999999" });
    await expect(readBody(request, 1024)).rejects.toThrow("larger than this route accepts (1 KiB)");
    expect(pulled()).toBe(0);
  });

  it("passes a body within the limit on, byte for byte", async () => {
    const { request } = streamingRequest(4);
    const copy = await withBodyLimit(request, 256 * 1024);
    expect((await copy.arrayBuffer()).byteLength).toBe(256 * 1024);
    const text = new Request("http://x/", { method: "POST", body: "héllo" });
    expect(await (await withBodyLimit(text, 6)).text()).toBe("héllo");
    await expect(
      withBodyLimit(new Request("http://x/", { method: "POST", body: "héllo" }), 5),
    ).rejects.toThrow();
  });
});
