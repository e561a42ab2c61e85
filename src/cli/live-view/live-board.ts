/**
 * The live view at a terminal: the fleet board (fleet-board.ts) redrawn in place a few times a second with
 * log-update, which erases exactly the lines it drew last, whatever the terminal's width did to them. Text
 * the command prints meanwhile goes above the board; a question freezes the board where it is, the
 * question below it, and the board goes on under the answer.
 */
import { createLogUpdate } from 'log-update';
import type { Clock } from '../../ports/clock.js';
import type { HostOutcome, NotifyMessage, ProgressUpdate } from '../../ports/operator.js';
import type { CliIo, TerminalStream } from '../command.js';
import {
  applyFinished,
  applyProgress,
  createFleetBoard,
  renderFrame,
  type FleetBoard,
} from './fleet-board.js';

/**
 * Where a terminal operator sends what happens (each report with its plain line, already redacted), and
 * what it does around a question. Both views keep the board, for the summary table at the end.
 */
export interface OperatorView {
  board: FleetBoard;
  progress(update: ProgressUpdate, line: string): void;
  hostFinished(outcome: HostOutcome, line: string): void;
  notify(message: NotifyMessage, line: string): void;
  /** Before a question is written: the live board stops where it is (on screen, above the question). */
  beforeQuestion(): void;
  afterQuestion(): void;
  /** The last frame drawn and left on screen (live); nothing (plain). */
  stop(): void;
}

export interface LiveBoard extends OperatorView {
  /** The command's output with its text put above the board (stdout and stderr share the terminal). */
  io: CliIo;
}

/** Plain lines, one per report, as a log or a pipe wants them (CI, `| tee`, no terminal). */
export function createPlainView(io: CliIo, clock: Clock): OperatorView {
  const board = createFleetBoard();
  return {
    board,
    progress(update, line) {
      applyProgress(board, update, clock.now());
      io.stdout(line);
    },
    hostFinished(outcome, line) {
      applyFinished(board, outcome, clock.now());
      io.stdout(line);
    },
    notify: (_message, line) => io.stdout(line),
    beforeQuestion: () => undefined,
    afterQuestion: () => undefined,
    stop: () => undefined,
  };
}

const REFRESH_MS = 250;
/** Lines kept for the heading, the "and N more" line and the prompt below the board. */
const RESERVED_ROWS = 6;

export function startLiveBoard(options: {
  io: CliIo;
  stream: TerminalStream;
  clock: Clock;
  windowEnds?: ReadonlyMap<string, number>;
  hosts?: readonly { host: string; windowId: string }[];
}): LiveBoard {
  const { io, stream, clock } = options;
  const board = createFleetBoard(options.hosts, options.windowEnds);
  const draw = createLogUpdate(stream, { showCursor: true });
  let frozen = false;
  let stopped = false;
  const render = (): void => {
    if (frozen || stopped) return;
    const frame = renderFrame(board, clock.now(), {
      width: Math.max(40, stream.columns ?? 100),
      maxHosts: Math.max(3, (stream.rows ?? 40) - RESERVED_ROWS),
    });
    draw(frame.join('\n'));
  };
  // Reports only change the board; the timer draws it, so a thousand hosts cost four frames a second.
  const timer = setInterval(render, REFRESH_MS);
  timer.unref();
  const above =
    (write: (text: string) => void) =>
    (text: string): void => {
      if (frozen || stopped) return write(text);
      draw.clear();
      write(text);
      render();
    };
  return {
    board,
    io: { ...io, stdout: above(io.stdout), stderr: above(io.stderr) },
    progress: (update) => applyProgress(board, update, clock.now()),
    hostFinished: (outcome, line) => {
      applyFinished(board, outcome, clock.now());
      // How a host ended stays on screen, above the board.
      above(io.stdout)(line);
    },
    notify: (_message, line) => above(io.stdout)(line),
    beforeQuestion() {
      if (frozen || stopped) return;
      render();
      draw.done();
      frozen = true;
    },
    afterQuestion() {
      frozen = false;
      render();
    },
    stop() {
      if (stopped) return;
      clearInterval(timer);
      render();
      if (!frozen) draw.done();
      stopped = true;
    },
  };
}
