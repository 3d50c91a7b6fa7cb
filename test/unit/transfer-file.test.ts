/**
 * The file that moves with the child, in core with the real PDF renderer and a real embedded store:
 * the PDF read back with a text extractor, the JSON copy, the transfer logged and audited, refusals,
 * bad input, the five-school-day deadline under the school calendar, and the receipt.
 */
import { renderPdf } from '../../src/adapters/pdf/render-pdf';
import { helpText } from '../../src/core/commands/help-text';
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { type OpenChildFile, readTransferFiles, transferChildFile } from '../../src/core/casefile/transfer-child-file';
import { recordTransferReceipt } from '../../src/core/casefile/transfer-receipt';
import { schoolDaysAfter, sha256, type Transfer } from '../../src/core/casefile/transfer-record';
import type { Actor } from '../../src/core/people/actor';
import { RORY, storePupils, ZOE, zoeFile } from '../builders/child-file-fixtures';
import { pdfText } from '../builders/read-pdf';
import { shippedPack, tempDeps } from '../builders/temp-store';

const dsl: Actor = { platform: 'teams', userId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber', aliases: ['user-id-0'] };
const teacher: Actor = { platform: 'teams', userId: 'aad-teacher', name: 'Sam Teacher' };
const open: OpenChildFile = async (deps) => zoeFile(deps.clock.now().toISOString());
const flat = (text: string) => text.replace(/\s+/g, ' ');

let env: Awaited<ReturnType<typeof tempDeps>>;
beforeEach(async () => {
  env = await tempDeps(new Date('2026-12-01T10:00:00Z'));
  env.deps.pdf = renderPdf;
  await storePupils(env.deps, ZOE, RORY);
});
afterEach(async () => env.cleanup());

const transfers = () => env.deps.store.query<Transfer>('transfers', { schoolId: 'oakfield-primary' });
const audit = () => env.deps.store.query<AuditEvent>('audit', { schoolId: 'oakfield-primary' });

test("the PDF holds the child's name, the school, every incident and entry, and nothing about the other child", async () => {
  const done = await transferChildFile(env.deps, dsl, { pupilText: 'Zoë Núñez', toSchool: 'Hillside Academy', startDate: '2026-12-07' }, open);
  if (done.kind !== 'done') throw new Error('expected the files');
  const text = flat(await pdfText(done.pdf));
  expect(text).toContain('Zoë Núñez-O’Brien');
  expect(text).toContain('Oakfield Primary School');
  expect(text).toContain('Hillside Academy');
  for (const entry of zoeFile('').entries) {
    expect(text).toContain(entry.reference);
    expect(text).toContain(entry.heading);
    if (entry.detail) expect(text).toContain(entry.detail);
  }
  expect(text).toContain('Harmed or at risk');
  expect(text).toContain('Witness');
  expect(text).toContain("Send these to the new school's DSL securely");
  expect(text).not.toContain('Rory');
  expect(text).not.toContain('Kowalczyk');
  expect(text).not.toContain(RORY.upn);
  expect(done.names.pdf).not.toContain('Zo');
});

test('the JSON copy is the child file with a version; the transfer is logged with both hashes and audited by id only', async () => {
  const done = await transferChildFile(env.deps, dsl, { pupilText: 'zoe', toSchool: '  Hillside   Academy ', startDate: '04/12/2026' }, open);
  if (done.kind !== 'done') throw new Error('expected the files');
  const copy = JSON.parse(done.json);
  expect(copy.version).toBe(1);
  expect(copy.file.pupil.name).toBe('Zoë Núñez-O’Brien');
  expect(copy.file.entries).toHaveLength(4);
  expect(copy.transfer).toMatchObject({ toSchool: 'Hillside Academy', startDate: '2026-12-04', deadline: '2026-12-11', by: 'Alex Wilber' });
  expect(done.json).not.toContain('Rory');
  const [logged] = await transfers();
  expect(logged).toMatchObject({ pupilId: ZOE.id, toSchool: 'Hillside Academy', by: { name: 'Alex Wilber' }, status: 'awaiting-receipt', pdfSha256: sha256(done.pdf), jsonSha256: sha256(done.json) });
  expect(logged?.transferredAt).toBe('2026-12-01T10:00:00.000Z');
  const events = await audit();
  expect(events.filter((e) => e.action === 'casefile.transfer' && e.outcome === 'ok')).toHaveLength(1);
  expect(JSON.stringify(events)).not.toMatch(/Zo|Núñez|Hillside/);
  // The same command again makes nothing twice, and gives the same files.
  const again = await transferChildFile(env.deps, dsl, { pupilText: 'zoe', toSchool: 'Hillside Academy', startDate: '2026-12-04' }, open);
  expect(again.kind === 'done' && !again.fresh && sha256(again.pdf) === logged?.pdfSha256).toBe(true);
  expect(await transfers()).toHaveLength(1);
  // Made again later from what was logged: the same bytes.
  const read = await readTransferFiles(env.deps, dsl, { schoolId: 'oakfield-primary', transferId: logged?.id ?? '' });
  expect(sha256(read.pdf)).toBe(logged?.pdfSha256);
});

test('a teacher is refused and the refusal audited; nothing is opened or logged', async () => {
  let opened = false;
  const spy: OpenChildFile = async (d) => {
    opened = true;
    return zoeFile(d.clock.now().toISOString());
  };
  await expect(transferChildFile(env.deps, teacher, { pupilText: 'Zoë', toSchool: 'Hillside Academy' }, spy)).rejects.toThrow('Only the people named');
  expect(opened).toBe(false);
  expect(await transfers()).toEqual([]);
  expect((await audit()).map((e) => [e.action, e.outcome])).toEqual([['casefile.transfer', 'refused']]);
});

test('bad input gets a clear answer and changes nothing', async () => {
  const attempt = (toSchool: string, startDate?: string, pupilText = 'Zoë') => transferChildFile(env.deps, dsl, { pupilText, toSchool, startDate }, open);
  await expect(attempt('')).rejects.toMatchObject({ fieldErrors: { toSchool: expect.stringContaining('Say which school') } });
  await expect(attempt('x'.repeat(121))).rejects.toMatchObject({ fieldErrors: { toSchool: expect.stringContaining('at most 120') } });
  await expect(attempt('Hillside', '2026-02-30')).rejects.toMatchObject({ fieldErrors: { startDate: expect.stringContaining('2026-12-07') } });
  await expect(attempt('Hillside', '2031-01-01')).rejects.toMatchObject({ fieldErrors: { startDate: expect.stringContaining('within six months') } });
  await expect(attempt('Hillside', undefined, 'Nobody-here')).rejects.toThrow('No pupil on the register matches');
  expect(await transfers()).toEqual([]);
});

test('a name that matches several pupils asks which, and a choice by id goes ahead', async () => {
  await storePupils(env.deps, { ...ZOE, id: 'pupil:upn:C123456789012', upn: 'C123456789012', surname: 'Adams', registrationGroup: '5A' });
  const asked = await transferChildFile(env.deps, dsl, { pupilText: 'Zoë', toSchool: 'Hillside Academy' }, open);
  expect(asked.kind).toBe('choose');
  if (asked.kind !== 'choose') return;
  expect(asked.matches.map((m) => m.displayName).sort()).toEqual(['Zoë Adams', 'Zoë Núñez-O’Brien']);
  expect(await transfers()).toEqual([]);
  const chosen = await transferChildFile(env.deps, dsl, { pupilId: ZOE.id, toSchool: 'Hillside Academy' }, open);
  expect(chosen.kind).toBe('done');
});

test('the deadline is five school days after the start, skipping weekends and the Christmas holiday', () => {
  expect(schoolDaysAfter('2026-12-04', 5, shippedPack.aup)).toBe('2026-12-11');
  expect(schoolDaysAfter('2026-12-16', 5, shippedPack.aup)).toBe('2027-01-07');
});

test('the receipt is recorded once, with the date and who confirmed it; a teacher is refused', async () => {
  await transferChildFile(env.deps, dsl, { pupilText: 'Zoë', toSchool: 'Hillside Academy' }, open);
  const [logged] = await transfers();
  env.clock.advance(2 * 86_400_000);
  await expect(recordTransferReceipt(env.deps, teacher, { ref: logged?.ref })).rejects.toThrow('Only the people named');
  await expect(recordTransferReceipt(env.deps, dsl, { ref: logged?.ref, receivedOn: '2026-11-20' })).rejects.toMatchObject({ code: 'invalid-input' });
  await expect(recordTransferReceipt(env.deps, dsl, { ref: 'TR-<script>' })).rejects.toMatchObject({ code: 'invalid-input' });
  const received = await recordTransferReceipt(env.deps, dsl, { ref: logged?.ref?.toLowerCase(), receivedOn: '2026-12-02' });
  expect(received.receipt).toMatchObject({ receivedOn: '2026-12-02', by: { name: 'Alex Wilber' } });
  await expect(recordTransferReceipt(env.deps, dsl, { transferId: logged?.id })).rejects.toThrow('already recorded by Alex Wilber');
  const [stored] = await transfers();
  expect(stored?.status).toBe('received');
  expect((await audit()).map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['casefile.transfer-receipt:refused', 'casefile.transfer-receipt:ok']));
});

test('the help names transfer, cases and export on both platforms with every placeholder filled in', () => {
  for (const platform of ['teams', 'slack'] as const) {
    const help = helpText(platform);
    expect(help).not.toMatch(/\{(command|who)\}/);
    for (const word of ['transfer', 'cases', 'export']) expect(help).toContain(platform === 'teams' ? `**${word}**` : `\`/report ${word}\``);
  }
});
