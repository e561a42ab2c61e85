/**
 * Bolt's receiver for HTTP mode, with its HTTP edge on a worker thread (ack-worker.cjs): Slack gives an
 * interaction 3 s to be acknowledged, and the bot's main thread also runs the engine, which during a busy
 * window holds the event loop for long stretches (a dozen hosts' outputs parsed and stored). The worker
 * reads and verifies each request with Bolt's own functions and answers a button click at once; the click
 * then goes to the app on the main thread, whose ack is a no-op for it. Anything whose answer carries content
 * (a slash command, a modal submission) waits for the main thread's ack, as with Bolt's HTTPReceiver.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { App, Logger, Receiver, ReceiverEvent } from '@slack/bolt';

export interface AckFirstReceiverOptions {
  signingSecret: string;
  /** The one path Slack posts to. */
  path: string;
  logger: Logger;
  /** Largest body read (Bolt's default, 4 MB): a larger one is refused with 413 before it is parsed. */
  bodyLimit?: number;
  /** How long a request waits for the main thread's ack before the worker answers 404 (Bolt's 3001 ms). */
  ackTimeoutMs?: number;
}

/** Payload types acknowledged by the worker itself: every listener of ours acks them with no content. */
const ACK_AT_ONCE = ['block_actions'];

type FromWorker =
  | { type: 'listening'; port: number }
  | { type: 'failed'; message: string; code?: string }
  | { type: 'log'; level: 'warn' | 'error'; message: string }
  | {
      type: 'request';
      id: number;
      body: Record<string, unknown>;
      acked: boolean;
      retryNum?: number;
      retryReason?: string;
    };

const WORKER_FILE = new URL('../../src/slack/ack-worker.cjs', import.meta.url);

export class AckFirstReceiver implements Receiver {
  private app: App | undefined;
  private worker: Worker | undefined;
  private stopping = false;
  private listening: { port: number; host: string } | undefined;

  constructor(private readonly options: AckFirstReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** Listens on host:port (0 picks a free port); resolves once the worker listens. */
  async start(listen: { port: number; host: string }): Promise<{ port: number }> {
    this.stopping = false;
    const port = await this.spawn(listen.port, listen.host);
    this.listening = { port, host: listen.host };
    return { port };
  }

  /** Stops listening; requests still waiting for an ack are answered 503. */
  async stop(): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' });
    await exited;
  }

  private spawn(port: number, host: string): Promise<number> {
    const worker = new Worker(WORKER_FILE, {
      workerData: {
        boltHttpFunctions: createRequire(import.meta.url).resolve(
          '@slack/bolt/dist/receivers/HTTPModuleFunctions.js',
        ),
        signingSecret: this.options.signingSecret,
        path: this.options.path,
        port,
        host,
        bodyLimit: this.options.bodyLimit ?? 4 * 1024 * 1024,
        ackTimeoutMs: this.options.ackTimeoutMs ?? 3001,
        ackAtOnce: ACK_AT_ONCE,
      },
    });
    this.worker = worker;
    return new Promise<number>((resolve, reject) => {
      let started = false;
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'listening':
            started = true;
            resolve(m.port);
            return;
          case 'failed':
            if (!started)
              reject(new Error(`slack: cannot listen on ${host}:${port} (${m.code ?? m.message})`));
            else this.options.logger.error(`slack: the receiver failed: ${m.message}`);
            return;
          case 'log':
            this.options.logger[m.level](m.message);
            return;
          case 'request':
            this.dispatch(worker, m);
            return;
        }
      });
      worker.on('error', (error) => {
        if (!started) reject(error);
        else this.options.logger.error('slack: the receiver thread failed', error);
      });
      worker.on('exit', (code) => {
        if (!started) reject(new Error(`slack: the receiver thread exited (${code}) before listening`));
        else if (!this.stopping && this.worker === worker && this.listening) this.restart(code);
      });
    });
  }

  /** A receiver thread that died is replaced on the same port: clicks must keep landing. */
  private restart(code: number): void {
    const at = this.listening;
    if (!at) return;
    this.options.logger.error(`slack: the receiver thread exited (${code}); starting it again`);
    this.spawn(at.port, at.host).catch((error: unknown) => {
      this.options.logger.error('slack: the receiver thread could not be started again', error);
    });
  }

  private dispatch(worker: Worker, request: Extract<FromWorker, { type: 'request' }>): void {
    const app = this.app;
    if (!app) return;
    let acked = request.acked;
    const event: ReceiverEvent = {
      body: request.body,
      ...(request.retryNum !== undefined ? { retryNum: request.retryNum } : {}),
      ...(request.retryReason !== undefined ? { retryReason: request.retryReason } : {}),
      ack: (response?: unknown) => {
        if (!acked) worker.postMessage({ type: 'ack', id: request.id, body: response });
        acked = true;
        return Promise.resolve();
      },
    };
    app.processEvent(event).catch((error: unknown) => {
      this.options.logger.error(
        acked ? 'slack: a listener failed after its ack' : 'slack: a request failed before its ack',
        error,
      );
      if (!acked) worker.postMessage({ type: 'fail', id: request.id, status: 500 });
      acked = true;
    });
  }
}
