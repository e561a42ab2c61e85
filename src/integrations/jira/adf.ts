/**
 * Atlassian Document Format (the JSON tree Jira Cloud REST v3 returns for rich text) to plain text and
 * links, and plain text back to ADF for the samples. Pure.
 */
export interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

const BLOCKS = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'tableRow', 'rule']);
const MAX_DEPTH = 64;

/** One line per block, text nodes joined; links from link marks and inlineCard nodes, in order. */
export function flattenAdf(doc: unknown): { text: string; links: string[] } {
  const lines: string[] = [];
  const links: string[] = [];
  let line = '';
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > MAX_DEPTH) return;
    const n = node as AdfNode;
    if (n.type === 'text' && typeof n.text === 'string') {
      line += n.text;
      for (const mark of n.marks ?? []) {
        const href = mark.type === 'link' ? mark.attrs?.href : undefined;
        if (typeof href === 'string') links.push(href);
      }
    } else if (n.type === 'hardBreak') {
      lines.push(line);
      line = '';
    } else if (n.type === 'inlineCard' || n.type === 'blockCard') {
      const href = n.attrs?.url;
      if (typeof href === 'string') {
        links.push(href);
        line += href;
      }
    } else if (n.type === 'tableCell' || n.type === 'tableHeader') {
      if (line) line += ' | ';
    }
    if (Array.isArray(n.content)) for (const child of n.content) walk(child, depth + 1);
    if (BLOCKS.has(n.type)) {
      lines.push(line);
      line = '';
    }
  };
  walk(doc, 0);
  if (line) lines.push(line);
  return {
    text: lines
      .map((l) => l.trimEnd())
      .filter((l, i, all) => l || all[i - 1])
      .join('\n')
      .trim(),
    links,
  };
}

/** A minimal ADF document: one paragraph per line, URLs as links. */
export function textToAdf(text: string): AdfNode {
  return {
    type: 'doc',
    attrs: { version: 1 },
    content: text.split('\n').map((lineText) => ({
      type: 'paragraph',
      content: lineText
        .split(/(https?:\/\/\S+)/)
        .filter(Boolean)
        .map((part) =>
          /^https?:\/\//.test(part)
            ? { type: 'text', text: part, marks: [{ type: 'link', attrs: { href: part } }] }
            : { type: 'text', text: part },
        ),
    })),
  } as AdfNode;
}
