/**
 * What a security change request asks for: the affected versions, the fixed (target) version, the
 * inventory tag and the advisory link. Each is read from its configured field first, then from the
 * labels, then from the description text, and says where it came from. Pure.
 */
import { normaliseVersion } from '../inventory/platforms.js';
import type { TrackerIssue } from '../ports/tickets.js';

export interface AdvisoryFieldIds {
  affectedVersions: string;
  fixedVersion: string;
  tag?: string;
  advisory?: string;
}

export type ValueSource =
  { kind: 'field'; field: string } | { kind: 'label'; label: string } | { kind: 'description'; line: number };

export interface Sourced<T> {
  value: T;
  source: ValueSource;
}

export interface Advisory {
  affectedVersions?: Sourced<string[]>;
  fixedVersion?: Sourced<string>;
  tag?: Sourced<string>;
  link?: Sourced<string>;
  /** What could not be found, in words a person can act on. */
  problems: string[];
}

const VERSION = /\b(\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]?)\b/g;

/** `field customfield_10050`, `label cisco-edge`, `description line 4`. */
export function describeSource(source: ValueSource): string {
  switch (source.kind) {
    case 'field':
      return `field ${source.field}`;
    case 'label':
      return `label ${source.label}`;
    case 'description':
      return `description line ${source.line}`;
  }
}

/** Strings in a field value: a string, a Jira version/option object ({name} / {value}), or a list of them. */
function fieldStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(fieldStrings);
  if (value && typeof value === 'object') {
    const o = value as { name?: unknown; value?: unknown };
    if (typeof o.name === 'string') return [o.name];
    if (typeof o.value === 'string') return [o.value];
  }
  return [];
}

function versionsIn(texts: readonly string[]): string[] {
  const found = texts.flatMap((t) => [...t.matchAll(VERSION)].map((m) => normaliseVersion(m[1]!)));
  return [...new Set(found)];
}

function fromField<T>(
  issue: TrackerIssue,
  field: string | undefined,
  read: (s: string[]) => T | undefined,
): Sourced<T> | undefined {
  if (!field) return undefined;
  const value = read(fieldStrings(issue.fields[field]));
  return value === undefined ? undefined : { value, source: { kind: 'field', field } };
}

/** The first description line matching `pattern` whose reader finds a value. */
function fromDescription<T>(
  issue: TrackerIssue,
  pattern: RegExp,
  read: (rest: string) => T | undefined,
): Sourced<T> | undefined {
  const lines = issue.descriptionText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = pattern.exec(lines[i]!);
    if (!m) continue;
    const value = read(lines[i]!.slice(m.index + m[0].length));
    if (value !== undefined) return { value, source: { kind: 'description', line: i + 1 } };
  }
  return undefined;
}

const nonEmpty = <T>(list: T[]): T[] | undefined => (list.length ? list : undefined);

/**
 * Reads the advisory out of an issue. `inventoryTags` lets a plain label such as `cisco-edge` count as the
 * tag when it names a tag the inventory uses.
 */
export function readAdvisory(
  issue: TrackerIssue,
  fields: AdvisoryFieldIds,
  inventoryTags: ReadonlySet<string>,
): Advisory {
  const problems: string[] = [];
  const labelWith = (prefix: RegExp): { label: string; rest: string }[] =>
    issue.labels.flatMap((label) => {
      const m = prefix.exec(label);
      return m ? [{ label, rest: label.slice(m[0].length) }] : [];
    });

  const affectedLabels = labelWith(/^(affected|affects)[-_:]/i);
  const affectedVersions =
    fromField(issue, fields.affectedVersions, (s) => nonEmpty(versionsIn(s))) ??
    (affectedLabels.length && versionsIn(affectedLabels.map((l) => l.rest)).length
      ? {
          value: versionsIn(affectedLabels.map((l) => l.rest)),
          source: { kind: 'label' as const, label: affectedLabels.map((l) => l.label).join(', ') },
        }
      : undefined) ??
    fromDescription(issue, /\baffect(?:ed|s)?(?: versions?| releases?)?\s*:/i, (rest) =>
      nonEmpty(versionsIn([rest])),
    );
  if (!affectedVersions)
    problems.push(
      `no affected versions: fill field ${fields.affectedVersions}, add labels like affected-17.06.05, or a description line "Affected versions: 17.06.05, 16.12.05"`,
    );

  const fixedLabel = labelWith(/^(fixed|fix|target)[-_:]/i).find((l) => versionsIn([l.rest]).length);
  const fixedVersion =
    fromField(issue, fields.fixedVersion, (s) => versionsIn(s)[0]) ??
    (fixedLabel
      ? {
          value: versionsIn([fixedLabel.rest])[0]!,
          source: { kind: 'label' as const, label: fixedLabel.label },
        }
      : undefined) ??
    fromDescription(
      issue,
      /\b(?:fixed(?: in| version)?|target(?: version)?|upgrade to)\s*:/i,
      (rest) => versionsIn([rest])[0],
    );
  if (!fixedVersion)
    problems.push(
      `no fixed version: fill field ${fields.fixedVersion}, add a label like fixed-17.09.05, or a description line "Fixed in: 17.09.05"`,
    );

  const tagLabel =
    labelWith(/^tag[-_:]/i)[0] ??
    issue.labels.filter((l) => inventoryTags.has(l)).map((label) => ({ label, rest: label }))[0];
  const tag =
    fromField(issue, fields.tag, (s) => s.map((x) => x.trim()).find(Boolean)) ??
    (tagLabel
      ? { value: tagLabel.rest, source: { kind: 'label' as const, label: tagLabel.label } }
      : undefined) ??
    fromDescription(issue, /\b(?:inventory )?tag\s*:/i, (rest) => /[A-Za-z0-9][\w.-]*/.exec(rest)?.[0]);
  if (!tag)
    problems.push(
      `no inventory tag: ${fields.tag ? `fill field ${fields.tag}, ` : ''}add a label naming an inventory tag (e.g. cisco-edge), or a description line "Tag: cisco-edge"`,
    );

  const linkFromField = fromField(issue, fields.advisory, (s) =>
    s.find((x) => /^https?:\/\//.test(x.trim()))?.trim(),
  );
  const advisoryLink =
    issue.descriptionLinks.find((l) => /advisor|security|cisco-sa-/i.test(l)) ?? issue.descriptionLinks[0];
  const link =
    linkFromField ??
    (advisoryLink
      ? (fromDescription(issue, new RegExp(escapeRegExp(advisoryLink)), () => advisoryLink) ?? {
          value: advisoryLink,
          source: { kind: 'description' as const, line: 1 },
        })
      : undefined);
  if (!link)
    problems.push(
      `no advisory link: ${fields.advisory ? `fill field ${fields.advisory} or ` : ''}put the advisory URL in the description`,
    );

  return {
    ...(affectedVersions ? { affectedVersions } : {}),
    ...(fixedVersion ? { fixedVersion } : {}),
    ...(tag ? { tag } : {}),
    ...(link ? { link } : {}),
    problems,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
