/**
 * Block Kit limits as Slack enforces them, for the fake Web API: each problem comes back as one line, like
 * the response_metadata.messages of Slack's invalid_blocks error.
 */
export const LIMITS = {
  blocks: 50,
  text: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  id: 255,
  actionsElements: 25,
  contextElements: 10,
  url: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Modals: title, submit and close labels; private_metadata; the input blocks' label and text. */
  viewTitle: 24,
  viewBlocks: 100,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputText: 3000,
} as const;

type Obj = Record<string, unknown>;

function textOf(value: unknown): string {
  return typeof value === 'object' && value !== null && typeof (value as Obj).text === 'string'
    ? ((value as Obj).text as string)
    : '';
}

/** Block Kit limits as Slack enforces them; each problem is one line, like Slack's response_metadata. */
export function validateBlocks(blocks: unknown[]): string[] {
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks)
    problems.push(`[ERROR] no more than ${LIMITS.blocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const block = b as Obj;
    const at = `/blocks/${i}`;
    if (typeof block.block_id === 'string') {
      if (block.block_id.length > LIMITS.id)
        problems.push(`[ERROR] block_id too long [json-pointer:${at}/block_id]`);
      if (blockIds.has(block.block_id))
        problems.push(`[ERROR] duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        const text = textOf(block.text);
        if (!block.text && !block.fields)
          problems.push(`[ERROR] section needs text or fields [json-pointer:${at}]`);
        if (text.length > LIMITS.sectionText)
          problems.push(`[ERROR] must be less than 3001 characters [json-pointer:${at}/text/text]`);
        if (block.text && text.length === 0)
          problems.push(`[ERROR] must be more than 0 characters [json-pointer:${at}/text/text]`);
        const fields = (block.fields as unknown[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields)
          problems.push(`[ERROR] no more than 10 fields [json-pointer:${at}/fields]`);
        fields.forEach((f, j) => {
          if (textOf(f).length > LIMITS.fieldText)
            problems.push(`[ERROR] field too long [json-pointer:${at}/fields/${j}]`);
        });
        if (block.accessory) checkElement(block.accessory as Obj, `${at}/accessory`, problems);
        break;
      }
      case 'header': {
        const text = block.text as Obj | undefined;
        if (text?.type !== 'plain_text')
          problems.push(`[ERROR] header text must be plain_text [json-pointer:${at}/text]`);
        if (textOf(text).length > LIMITS.header)
          problems.push(`[ERROR] must be less than 151 characters [json-pointer:${at}/text/text]`);
        break;
      }
      case 'actions': {
        const elements = (block.elements as unknown[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > LIMITS.actionsElements)
          problems.push(`[ERROR] actions needs 1 to 25 elements [json-pointer:${at}/elements]`);
        const ids = new Set<string>();
        elements.forEach((e, j) => {
          const el = e as Obj;
          checkElement(el, `${at}/elements/${j}`, problems);
          if (typeof el.action_id === 'string') {
            if (ids.has(el.action_id))
              problems.push(`[ERROR] duplicate action_id [json-pointer:${at}/elements/${j}]`);
            ids.add(el.action_id);
          }
        });
        break;
      }
      case 'context': {
        const elements = (block.elements as unknown[] | undefined) ?? [];
        if (elements.length === 0 || elements.length > LIMITS.contextElements)
          problems.push(`[ERROR] context needs 1 to 10 elements [json-pointer:${at}/elements]`);
        elements.forEach((e, j) => {
          if (textOf(e).length > LIMITS.sectionText)
            problems.push(`[ERROR] context text too long [json-pointer:${at}/elements/${j}]`);
        });
        break;
      }
      case 'divider':
        break;
      case 'input': {
        const label = block.label as Obj | undefined;
        if (
          label?.type !== 'plain_text' ||
          textOf(label).length === 0 ||
          textOf(label).length > LIMITS.inputLabel
        )
          problems.push(
            `[ERROR] input label must be plain_text of 1 to 2000 characters [json-pointer:${at}/label]`,
          );
        checkInput(block.element as Obj | undefined, `${at}/element`, problems);
        break;
      }
      default:
        problems.push(`[ERROR] unsupported block type ${String(block.type)} [json-pointer:${at}/type]`);
    }
  });
  return problems;
}

/** A plain_text_input: an action_id, lengths within 0..3000, an initial value that fits its max_length. */
function checkInput(el: Obj | undefined, at: string, problems: string[]): void {
  if (!el || el.type !== 'plain_text_input') {
    problems.push(`[ERROR] unsupported input element [json-pointer:${at}]`);
    return;
  }
  if (typeof el.action_id !== 'string' || !el.action_id || el.action_id.length > LIMITS.id)
    problems.push(`[ERROR] action_id must be 1 to 255 characters [json-pointer:${at}/action_id]`);
  const max = el.max_length === undefined ? LIMITS.inputText : Number(el.max_length);
  if (!Number.isInteger(max) || max < 1 || max > LIMITS.inputText)
    problems.push(`[ERROR] max_length must be 1 to 3000 [json-pointer:${at}/max_length]`);
  if (typeof el.initial_value === 'string' && el.initial_value.length > max)
    problems.push(`[ERROR] initial_value longer than max_length [json-pointer:${at}/initial_value]`);
}

/** A modal view as views.open checks it: type, title, callback_id, private_metadata, and its blocks. */
export function validateView(view: unknown): string[] {
  const v = view as Obj | undefined;
  if (!v || typeof v !== 'object') return ['[ERROR] view must be an object [json-pointer:/view]'];
  const problems: string[] = [];
  if (v.type !== 'modal') problems.push('[ERROR] view type must be modal [json-pointer:/view/type]');
  for (const name of ['title', 'submit', 'close']) {
    const part = v[name] as Obj | undefined;
    if (part === undefined && name !== 'title') continue;
    if (part?.type !== 'plain_text' || textOf(part).length === 0 || textOf(part).length > LIMITS.viewTitle)
      problems.push(`[ERROR] ${name} must be plain_text of 1 to 24 characters [json-pointer:/view/${name}]`);
  }
  if (typeof v.callback_id === 'string' && v.callback_id.length > LIMITS.id)
    problems.push('[ERROR] callback_id too long [json-pointer:/view/callback_id]');
  if (typeof v.private_metadata === 'string' && v.private_metadata.length > LIMITS.privateMetadata)
    problems.push('[ERROR] private_metadata too long [json-pointer:/view/private_metadata]');
  const blocks = Array.isArray(v.blocks) ? v.blocks : [];
  if (!blocks.length || blocks.length > LIMITS.viewBlocks)
    problems.push('[ERROR] a modal needs 1 to 100 blocks [json-pointer:/view/blocks]');
  const inputs = blocks.some((b) => (b as Obj).type === 'input');
  if (inputs && v.submit === undefined)
    problems.push('[ERROR] a modal with inputs needs a submit button [json-pointer:/view/submit]');
  // Block rules are the message rules, apart from the 50-block limit.
  return [...problems, ...validateBlocks(blocks.slice(0, LIMITS.blocks))];
}

function checkElement(el: Obj, at: string, problems: string[]): void {
  if (el.type !== 'button') return;
  const text = el.text as Obj | undefined;
  if (text?.type !== 'plain_text')
    problems.push(`[ERROR] button text must be plain_text [json-pointer:${at}/text]`);
  if (textOf(text).length > LIMITS.buttonText)
    problems.push(`[ERROR] must be less than 76 characters [json-pointer:${at}/text/text]`);
  if (typeof el.value === 'string' && el.value.length > LIMITS.buttonValue)
    problems.push(`[ERROR] value too long [json-pointer:${at}/value]`);
  if (typeof el.action_id === 'string' && el.action_id.length > LIMITS.id)
    problems.push(`[ERROR] action_id too long [json-pointer:${at}/action_id]`);
  if (typeof el.url === 'string' && el.url.length > LIMITS.url)
    problems.push(`[ERROR] url too long [json-pointer:${at}/url]`);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
    problems.push(`[ERROR] bad style [json-pointer:${at}/style]`);
  if (el.confirm !== undefined) checkConfirm(el.confirm as Obj, `${at}/confirm`, problems);
}

/** A confirmation dialog object: plain_text title, text, confirm and deny within their lengths. */
function checkConfirm(c: Obj, at: string, problems: string[]): void {
  const parts: [string, number, boolean][] = [
    ['title', LIMITS.confirmTitle, true],
    ['text', LIMITS.confirmText, false],
    ['confirm', LIMITS.confirmButton, true],
    ['deny', LIMITS.confirmButton, true],
  ];
  if (c.text === undefined) problems.push(`[ERROR] missing required field: text [json-pointer:${at}]`);
  for (const [name, max, plainOnly] of parts) {
    const part = c[name] as Obj | undefined;
    if (part === undefined) continue;
    if (part.type !== 'plain_text' && (plainOnly || part.type !== 'mrkdwn'))
      problems.push(`[ERROR] ${name} must be plain_text [json-pointer:${at}/${name}]`);
    const length = textOf(part).length;
    if (length === 0 || length > max)
      problems.push(`[ERROR] must be between 1 and ${max} characters [json-pointer:${at}/${name}/text]`);
  }
  if (c.style !== undefined && c.style !== 'primary' && c.style !== 'danger')
    problems.push(`[ERROR] bad style [json-pointer:${at}/style]`);
}
