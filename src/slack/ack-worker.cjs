// The HTTP edge of the ack-first receiver (ack-first-receiver.ts), on its own worker thread: it reads each
// request, checks Slack's signature with Bolt's own functions, and answers a button click at once, whatever
// the bot's main thread is doing (an engine running a dozen upgrades can hold it for a second at a time;
// Slack shows the person an error, and delivers again, after 3 s). Everything else waits for the main
// thread's ack, which may carry content (a slash command's first answer, a modal's field errors).
// Plain CommonJS so the same file runs under tsx, vitest and the build alike (src/ and dist/ sit at the
// same depth). Never logs a body or a header: both may carry secrets.
'use strict';
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');

/** @type {{ boltHttpFunctions: string, signingSecret: string, path: string, port: number, host: string, bodyLimit: number, ackTimeoutMs: number, ackAtOnce: string[] }} */
const options = workerData;
const http = require(options.boltHttpFunctions);
const ackAtOnce = new Set(options.ackAtOnce);
/** Requests handed to the main thread and not yet answered, by id. */
const waiting = new Map();
let nextId = 0;

const quietLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => 'error',
  setName: () => undefined,
};

function log(level, message) {
  parentPort.postMessage({ type: 'log', level, message });
}

function answer(res, status) {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

async function handle(req, res) {
  const path = (req.url ?? '').split('?')[0];
  if (req.method !== 'POST' || path !== options.path) return answer(res, 404);
  let buffered;
  try {
    buffered = await http.parseAndVerifyHTTPRequest(
      {
        enabled: true,
        signingSecret: options.signingSecret,
        bodyLimit: options.bodyLimit,
        logger: quietLogger,
      },
      req,
      res,
    );
  } catch (error) {
    if (http.isRawBodyError(error)) {
      log('warn', `slack: request refused (${error.statusCode}: ${error.type})`);
      return answer(res, error.statusCode);
    }
    log(
      'warn',
      'slack: request refused: its signature did not verify (wrong signing secret, or not from Slack)',
    );
    return answer(res, 401);
  }
  let body;
  try {
    body = http.parseHTTPRequestBody(buffered);
  } catch {
    log('warn', 'slack: request refused: its body is not what Slack sends');
    return answer(res, 400);
  }
  if (body.ssl_check) return http.buildSSLCheckResponse(res);
  if (body.type === 'url_verification') return http.buildUrlVerificationResponse(res, body);
  const id = ++nextId;
  const retryNum = http.extractRetryNumFromHTTPRequest(req);
  const retryReason = http.extractRetryReasonFromHTTPRequest(req);
  const early = ackAtOnce.has(body.type);
  if (early) http.buildContentResponse(res, undefined);
  else {
    const timer = setTimeout(() => {
      waiting.delete(id);
      log(
        'error',
        `slack: a ${String(body.type ?? body.command ?? 'request')} was not acknowledged within ${options.ackTimeoutMs} ms`,
      );
      answer(res, 404);
    }, options.ackTimeoutMs);
    waiting.set(id, { res, timer });
  }
  parentPort.postMessage({
    type: 'request',
    id,
    body,
    acked: early,
    ...(retryNum !== undefined ? { retryNum } : {}),
    ...(retryReason !== undefined ? { retryReason } : {}),
  });
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => answer(res, 500));
});

parentPort.on('message', (m) => {
  if (m.type === 'ack' || m.type === 'fail') {
    const pending = waiting.get(m.id);
    if (!pending) return;
    waiting.delete(m.id);
    clearTimeout(pending.timer);
    if (m.type === 'ack') http.buildContentResponse(pending.res, m.body);
    else answer(pending.res, m.status);
  } else if (m.type === 'close') {
    for (const { res, timer } of waiting.values()) {
      clearTimeout(timer);
      answer(res, 503);
    }
    waiting.clear();
    server.closeAllConnections();
    server.close(() => parentPort.close());
  }
});

server.on('error', (error) =>
  parentPort.postMessage({ type: 'failed', message: error.message, code: error.code }),
);
server.listen(options.port, options.host, () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
