/**
 * A local stand-in, on 127.0.0.1, for every service a runbook calls over HTTP (Azure DevOps pipelines,
 * Cloudflare DNS, the site itself): it records each request and answers 201 for a pipeline run and 200
 * for anything else, unless a test scripts another status for a path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpFake {
  /** `http://127.0.0.1:PORT` */
  readonly base: string;
  /** `127.0.0.1:PORT`, for variables that hold a host name. */
  readonly authority: string;
  readonly requests: RecordedRequest[];
  /** Answer `status` to requests whose path starts with `prefix` (the latest rule wins). */
  answer(prefix: string, status: number): void;
  close(): Promise<void>;
}

export async function startHttpFake(): Promise<HttpFake> {
  const requests: RecordedRequest[] = [];
  const rules: { prefix: string; status: number }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const rule = [...rules].reverse().find((r) => path.startsWith(r.prefix));
      const status = rule?.status ?? (/\/_apis\/pipelines\/\d+\/runs/.test(path) ? 201 : 200);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: status < 400, id: requests.length, path }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    authority: `127.0.0.1:${port}`,
    requests,
    answer: (prefix, status) => {
      rules.push({ prefix, status });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
