/**
 * Slack's published Block Kit limits, checked on a whole view or message: what Slack would refuse with
 * `invalid_blocks` or `invalid_arguments`. Returns the problems found, each naming where.
 * https://api.slack.com/reference/block-kit/blocks and /surfaces
 */
const MAX_BLOCKS = { modal: 100, home: 100, message: 50 } as const;

export function blockKitProblems(surface: any, kind: keyof typeof MAX_BLOCKS): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (t: any, max: number, where: string) => {
    if (!t) return;
    check(typeof t.text === 'string' && t.text.length > 0, `${where}: empty text`);
    check(String(t.text ?? '').length <= max, `${where}: text ${String(t.text).length} > ${max}`);
  };
  const blocks: any[] = surface?.blocks ?? [];
  check(blocks.length <= MAX_BLOCKS[kind], `${blocks.length} blocks > ${MAX_BLOCKS[kind]}`);
  if (kind !== 'message') {
    text(surface.title, 24, 'title');
    text(surface.submit, 24, 'submit');
    text(surface.close, 24, 'close');
    check(String(surface.private_metadata ?? '').length <= 3000, 'private_metadata > 3000');
    check(String(surface.callback_id ?? '').length <= 255, 'callback_id > 255');
    check(!blocks.some((b) => b.type === 'input') || Boolean(surface.submit) || kind === 'home', 'inputs without a submit button');
  } else {
    check(typeof surface.text === 'string' && surface.text.length > 0 && surface.text.length <= 40000, 'message needs fallback text');
  }
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.block_id !== undefined) {
      check(String(b.block_id).length <= 255, `${at}: block_id > 255`);
      check(!blockIds.has(b.block_id), `${at}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    const actionIds = new Set<string>();
    const element = (e: any, where: string) => {
      if (e.action_id !== undefined) {
        check(String(e.action_id).length <= 255, `${where}: action_id > 255`);
        check(!actionIds.has(e.action_id), `${where}: duplicate action_id ${e.action_id}`);
        actionIds.add(e.action_id);
      }
      if (e.type === 'button') {
        text(e.text, 75, `${where} button`);
        check(String(e.value ?? '').length <= 2000, `${where}: button value > 2000`);
      }
      if (e.type === 'static_select') {
        check((e.options ?? []).length <= 100, `${where}: more than 100 options`);
        (e.options ?? []).forEach((o: any, j: number) => {
          text(o.text, 75, `${where} option ${j}`);
          check(String(o.value).length <= 150, `${where}: option value > 150`);
        });
      }
      if (e.type === 'plain_text_input') {
        check((e.max_length ?? 3000) <= 3000, `${where}: max_length > 3000`);
        check(String(e.initial_value ?? '').length <= (e.max_length ?? 3000), `${where}: initial_value longer than max_length`);
      }
    };
    switch (b.type) {
      case 'section':
        check(Boolean(b.text || b.fields), `${at}: needs text or fields`);
        text(b.text, 3000, at);
        check((b.fields ?? []).length <= 10, `${at}: more than 10 fields`);
        (b.fields ?? []).forEach((f: any, j: number) => text(f, 2000, `${at} field ${j}`));
        if (b.accessory) element(b.accessory, at);
        break;
      case 'header':
        text(b.text, 150, at);
        check(b.text?.type === 'plain_text', `${at}: header must be plain_text`);
        break;
      case 'context':
        check((b.elements ?? []).length >= 1 && b.elements.length <= 10, `${at}: 1 to 10 elements`);
        (b.elements ?? []).forEach((e: any, j: number) => text(e, 3000, `${at} element ${j}`));
        break;
      case 'actions':
        check((b.elements ?? []).length >= 1 && b.elements.length <= 25, `${at}: 1 to 25 elements`);
        (b.elements ?? []).forEach((e: any, j: number) => element(e, `${at} element ${j}`));
        break;
      case 'input':
        check(kind !== 'message', `${at}: input blocks are not allowed in messages`);
        text(b.label, 2000, `${at} label`);
        text(b.hint, 2000, `${at} hint`);
        element(b.element, at);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${at}: unexpected block type`);
    }
  });
  return problems;
}
