/**
 * The embedded default's mailer: no Gmail, files instead. Each draft is `DIR/<draft>.eml` (the RFC 5322
 * message) beside `DIR/<draft>.drafts.create.json` (the body users.drafts.create would have received);
 * a send writes `DIR/<draft>.drafts.send.json` and `DIR/<draft>.sent.json` (the message id it got).
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WarroomError } from '../../core/errors.js';
import type { Mailer, MailMessage, SentMail } from '../../ports/mailer.js';

async function writeAtomic(file: string, content: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

export function createOutboxMailer(dir: string): Mailer {
  const draftFile = (id: string, suffix: string) => join(dir, `${id}${suffix}`);
  const saveDraft = async (draftId: string, message: MailMessage): Promise<void> => {
    await mkdir(dir, { recursive: true });
    await writeAtomic(draftFile(draftId, '.eml'), message.raw);
    const body = { message: { raw: message.raw.toString('base64url') } };
    await writeAtomic(draftFile(draftId, '.drafts.create.json'), JSON.stringify(body, null, 2) + '\n');
  };
  const draftIdOf = (messageId: string) =>
    `draft-${createHash('sha256').update(messageId).digest('hex').slice(0, 16)}`;
  return {
    system: 'outbox',
    async createDraft(message) {
      const draftId = draftIdOf(message.messageId);
      await saveDraft(draftId, message);
      return { draftId };
    },
    async updateDraft(draftId, message) {
      await saveDraft(draftId, message);
      return { draftId };
    },
    async sendDraft(draftId) {
      let eml: Buffer;
      try {
        eml = await readFile(draftFile(draftId, '.eml'));
      } catch {
        throw new WarroomError('not_found', `outbox has no draft ${draftId} in ${dir}`);
      }
      const sent: SentMail = {
        messageId: `msg-${createHash('sha256').update(eml).digest('hex').slice(0, 16)}`,
      };
      await writeAtomic(
        draftFile(draftId, '.drafts.send.json'),
        JSON.stringify({ id: draftId }, null, 2) + '\n',
      );
      await writeAtomic(
        draftFile(draftId, '.sent.json'),
        JSON.stringify({ ...sent, messageIdHeader: headerOf(eml) }, null, 2) + '\n',
      );
      return sent;
    },
    async findSent(rfc822MessageId) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return undefined;
      }
      for (const name of names.filter((n) => n.endsWith('.sent.json'))) {
        const sent = JSON.parse(await readFile(join(dir, name), 'utf8')) as SentMail & {
          messageIdHeader?: string;
        };
        if (sent.messageIdHeader === rfc822MessageId) return { messageId: sent.messageId };
      }
      return undefined;
    },
    async findDraft(rfc822MessageId) {
      const draftId = draftIdOf(rfc822MessageId);
      const exists = await access(draftFile(draftId, '.eml')).then(
        () => true,
        () => false,
      );
      return exists ? { draftId } : undefined;
    },
  };
}

function headerOf(eml: Buffer): string | undefined {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(eml.toString('utf8'))?.[1];
}
