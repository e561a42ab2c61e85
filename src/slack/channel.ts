/**
 * The ops channel, configured by id or by name. A name is resolved once with conversations.list (paged),
 * and an unknown name is a configuration error that says what to do.
 */
import { WarroomError } from '../core/errors.js';
import type { WebClient } from './web-client.js';

export function isChannelId(value: string): boolean {
  return /^[CG][A-Z0-9]{2,}$/.test(value);
}

export async function resolveChannel(client: WebClient, nameOrId: string): Promise<string> {
  if (isChannelId(nameOrId)) return nameOrId;
  const name = nameOrId.replace(/^#/, '');
  let cursor: string | undefined;
  do {
    const page = await client.conversations.list({
      types: 'public_channel,private_channel',
      exclude_archived: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    const found = page.channels?.find((c) => c.name === name);
    if (found?.id) return found.id;
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  throw new WarroomError(
    'config_invalid',
    `WARROOM_CHANNEL: no channel named #${name} is visible to the bot`,
    {
      detail:
        'Check the name, or invite the bot to the channel (/invite @warroom) if it is private, or set ' +
        'WARROOM_CHANNEL to the channel id (channel details > About > Channel ID).',
    },
  );
}

/** Resolves once, on first use; a failure is not remembered so the next use tries again. */
export function createChannelResolver(client: WebClient, nameOrId: string): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= resolveChannel(client, nameOrId).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
