/**
 * `ping [vrf NAME] TARGET [repeat N] [size N] [timeout N] [source IF]`: five echoes to an address the device
 * can reach (its own addresses, a neighbour it hears, anything behind a default route that is up); dots
 * and a 0 percent success rate otherwise. Host names are refused as on a box with `no ip domain lookup`.
 */
import type { CommandContext, Handler } from '../cli/command-context.js';
import { arg, kw, type GrammarNode } from '../cli/grammar.js';
import { ipToNumber, isIpv4 } from '../model/config.js';
import { bgpPeerView } from '../render/bgp.js';
import { interfaceStatus } from '../render/interfaces.js';
import { visibleNeighbors } from '../render/neighbors.js';
import { defaultRoute } from '../render/route.js';
import { ospfUp } from '../render/routing.js';
import { findByName } from '../model/by-name.js';

/** Device ms an echo waits before it counts as lost (`timeout is 2 seconds`). */
const TIMEOUT_MS = 2000;

interface PingRequest {
  vrf: string | undefined;
  target: string;
  repeat: number;
  size: number;
  timeoutMs: number;
}

function parsePing(words: string[]): PingRequest | { error: number } {
  let i = 0;
  let vrf: string | undefined;
  if (words[0]?.toLowerCase() === 'vrf') {
    vrf = words[1];
    i = 2;
  }
  const target = words[i];
  if (!target) return { error: words.length };
  const request: PingRequest = { vrf, target, repeat: 5, size: 100, timeoutMs: TIMEOUT_MS };
  for (i += 1; i < words.length; i += 2) {
    const key = words[i]!.toLowerCase();
    const value = Number(words[i + 1]);
    if (!['repeat', 'size', 'timeout', 'source'].some((k) => k.startsWith(key) && key.length >= 2))
      return { error: i };
    if (key.startsWith('so')) continue;
    if (!Number.isInteger(value) || value <= 0) return { error: i + 1 };
    if (key.startsWith('r')) request.repeat = Math.min(value, 100);
    else if (key.startsWith('si')) request.size = value;
    else request.timeoutMs = value * 1000;
  }
  return request;
}

/** Whether an echo to `target` in `vrf` gets an answer, from what the device state says is there. */
function answers(ctx: CommandContext, target: string, vrf: string | undefined): boolean {
  const { state } = ctx.rt;
  const now = ctx.rt.now();
  const up = state.running.interfaces.filter(
    (i) =>
      (i.vrf ?? undefined) === vrf &&
      interfaceStatus(i, findByName(state.interfaces, i.name)).protocol === 'up',
  );
  if (up.some((i) => i.address?.ip === target)) return true;
  const onLink = up.some(
    (i) => i.address && ((ipToNumber(i.address.ip) ^ ipToNumber(target)) & ipToNumber(i.address.mask)) === 0,
  );
  if (vrf) return onLink && target.endsWith('.1');
  const known = new Set<string>([
    ...state.bgp.filter((p) => bgpPeerView(state, p, now).established).map((p) => p.address),
    ...(ospfUp(state)
      ? (state.network.ospf?.neighbors.filter((n) => !n.stuck).map((n) => n.address) ?? [])
      : []),
    ...state.network.hsrp.flatMap((g) => [g.virtualIp, g.peerAddress]),
    ...visibleNeighbors(state, 'cdp').flatMap((n) => (n.address ? [n.address] : [])),
  ]);
  if (known.has(target)) return true;
  const gateway = defaultRoute(state, now);
  return !onLink && gateway !== undefined;
}

const ping: Handler = async (ctx) => {
  const words = (ctx.args.rest ?? '').trim().split(/\s+/).filter(Boolean);
  const request = parsePing(words);
  if ('error' in request) {
    if (request.error >= words.length) {
      await ctx.io.write('% Incomplete command.\n\n');
    } else {
      const at = ctx.line.indexOf(words[request.error]!, ctx.line.indexOf(' '));
      await ctx.io.write(
        `${' '.repeat(ctx.session.prompt().length + at)}^\n% Invalid input detected at '^' marker.\n\n`,
      );
    }
    ctx.io.fail();
    return;
  }
  if (!isIpv4(request.target)) {
    await ctx.io.write('% Unrecognized host or address, or protocol not running.\n\n');
    ctx.io.fail();
    return;
  }
  ctx.io.unpaged?.();
  const ok = answers(ctx, request.target, request.vrf);
  await ctx.io.write(
    `Type escape sequence to abort.\nSending ${request.repeat}, ${request.size}-byte ICMP Echos to ${request.target}, timeout is ${request.timeoutMs / 1000} seconds:\n`,
  );
  for (let i = 0; i < request.repeat; i++) {
    await ctx.rt.work(ok ? 1 : request.timeoutMs, ctx.io.signal);
    await ctx.io.write(ok ? '!' : '.');
  }
  await ctx.io.write(
    ok
      ? `\nSuccess rate is 100 percent (${request.repeat}/${request.repeat}), round-trip min/avg/max = 1/1/2 ms\n`
      : `\nSuccess rate is 0 percent (0/${request.repeat})\n`,
  );
};

export function pingCommand(): GrammarNode<Handler> {
  return kw<Handler>('ping', arg('rest', 'line', ping), async (ctx) => {
    await ctx.io.write('% Incomplete command.\n\n');
    ctx.io.fail();
  });
}
