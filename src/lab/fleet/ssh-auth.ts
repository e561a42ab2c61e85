import { createHash, timingSafeEqual } from 'node:crypto';
import ssh2, { type AuthContext, type ParsedKey } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader sees only its default export.
const { utils } = ssh2;

export interface LabLogin {
  username: string;
  password: string;
}

/** The methods a lab server offers: Paramiko/Netmiko try password, OpenSSH often keyboard-interactive. */
const METHODS = ['password', 'keyboard-interactive'] as const;

function same(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

/**
 * Answers one authentication attempt against a single lab login. `refuse` is asked at every attempt so a
 * fault injected while the lab runs (auth_fails) takes effect on the next login.
 */
export function answerLabAuth(ctx: AuthContext, login: LabLogin, refuse: () => boolean): void {
  const userOk = same(ctx.username, login.username);
  switch (ctx.method) {
    case 'password':
      if (!refuse() && userOk && same(ctx.password, login.password)) ctx.accept();
      else ctx.reject([...METHODS]);
      return;
    case 'keyboard-interactive':
      ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => {
        const answer = answers[0] ?? '';
        if (!refuse() && userOk && same(answer, login.password)) ctx.accept();
        else ctx.reject([...METHODS]);
      });
      return;
    default:
      ctx.reject([...METHODS]);
  }
}

export type HostKeyType = 'ed25519' | 'rsa';

/**
 * A fresh host key for one server start. ed25519 is instant to make and every client we test with
 * (OpenSSH, Paramiko >= 2.2, ssh2) accepts it; rsa (offered as rsa-sha2-256/512) is there for old clients.
 */
export function generateHostKey(type: HostKeyType = 'ed25519'): string {
  // ssh2 1.17 writes about one ed25519 key in 200 with its leading zero byte dropped, and then cannot read
  // its own key back ("Malformed OpenSSH private key"): a 200-device lab would trip on it most starts.
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair =
      type === 'rsa'
        ? utils.generateKeyPairSync('rsa', { bits: 2048 })
        : utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair.private;
  }
  throw new Error(`could not generate a readable ${type} host key`);
}

/** The OpenSSH-style SHA256 fingerprint of a host key (`SHA256:base64`), as `ssh-keygen -l` prints it. */
export function hostKeyFingerprint(privateKey: string): string {
  const parsed = utils.parseKey(privateKey);
  const key = (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey | Error | undefined;
  if (!key || key instanceof Error) throw new Error('lab host key does not parse');
  const digest = createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '');
  return `SHA256:${digest}`;
}
