/**
 * The pupils section in Slack, through requests signed as Slack signs them: the DSL's full-record modal
 * lists the linked pupils; "Change part" pushes its form, a save without a reason is answered beside the
 * field, a saved one redraws the record beneath; "Add a pupil" searches the register as the lead types
 * (options request) and only for a lead; a teacher is refused and audited; the channel message names nobody.
 */
import type { AuditEvent } from '../../src/core/audit/audit-log';
import { type PupilLink, linkIdFor } from '../../src/core/pupils/pupil-link';
import { blockKitProblems } from '../builders/block-kit-limits';
import { PRIYA, SAM, TOM, seedRegister } from '../builders/pupil-register';
import { type SlackHarness, startSlackBot } from '../builders/slack-bot';
import { interaction, nextTrigger } from '../builders/slack-request';
import { SLACK_TEACHER, SlackUser, viewText } from '../builders/slack-user';
import { walkSlackReport } from '../builders/walk-slack-wizard';
import { pushedBy } from '../builders/slack-modal';

const SAFEGUARDING = { id: 'C0SAFE001', name: 'safeguarding' };
const DSL_REF = { id: 'U0DEMO001', name: 'alex.wilber' };
const SCHOOL = 'oakfield-primary';

let harness: SlackHarness;
let teacher: SlackUser;
let dsl: SlackUser;
beforeEach(async () => {
  harness = await startSlackBot({ clock: { now: () => new Date('2026-11-23T10:00:00Z') } });
  teacher = new SlackUser(SLACK_TEACHER, harness.slackUrl, harness.api);
  dsl = new SlackUser(DSL_REF, harness.slackUrl, harness.api);
  await seedRegister(harness.bot.deps);
});
afterEach(async () => harness.stop());

const store = () => harness.bot.deps.store;
const userOf = (ref: { id: string; name: string }) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });
const externalState = (pupilId: string) => ({ type: 'external_select', selected_option: { value: pupilId, text: { type: 'plain_text', text: 'x' } } });

/** A bullying report linking Sam (harmed) and Tom (instigator), then the DSL's full-record modal from the channel message. */
async function openRecord(who = dsl) {
  await dsl.slash('register dsl channel', SAFEGUARDING);
  await walkSlackReport(harness, teacher, 'online-bullying-of-pupil', {
    fields: { pupils: '' },
    onPupilStep: async () => {
      for (const [pupilId, part] of [
        [SAM, 'harmed'],
        [TOM, 'instigator'],
      ] as const) {
        const view = teacher.view as any;
        const before = harness.api.callsTo('views.update').length;
        await interaction(harness.slackUrl, {
          type: 'block_actions',
          team: { id: 'T0DEMO' },
          user: userOf(SLACK_TEACHER),
          trigger_id: nextTrigger(),
          container: { type: 'view', view_id: view.id },
          view: { ...view, state: { values: { pupilMatch: { 'pupil-search': externalState(pupilId) }, pupilPart: { value: { type: 'static_select', selected_option: { value: part } } } } } },
          actions: [{ type: 'button', action_id: 'report-next', block_id: 'pupil-add', value: 'pupil-add', action_ts: `${Date.now() / 1000}` }],
        });
        const update = (await harness.api.waitFor('views.update', before + 1)).at(-1);
        teacher.view = { ...update?.args.view, id: update?.args.view_id, hash: update?.answer?.view?.hash };
      }
      await teacher.submit();
    },
  });
  await harness.bot.jobs.flush();
  const post = harness.api.callsTo('chat.postMessage').find((c) => c.args.channel === SAFEGUARDING.id);
  expect(JSON.stringify(post?.args)).not.toMatch(/Carter|Okafor/);
  const before = harness.api.callsTo('views.open').length;
  await who.pressOnMessage(SAFEGUARDING.id, post?.answer?.ts, post?.args.blocks, 'full-record');
  return who.openedForm(before);
}

const pressInRecord = (ref: { id: string; name: string }, record: any, actionId: string, label: string) => pushedBy(harness, ref, record, actionId, label);

function submit(form: any, values: Record<string, unknown>, underId: string) {
  return interaction(harness.slackUrl, {
    type: 'view_submission',
    team: { id: 'T0DEMO' },
    user: userOf(DSL_REF),
    trigger_id: nextTrigger(),
    view: { ...form, state: { values }, previous_view_id: underId },
  });
}

test('a lead changes a part and adds a pupil from the full-record modal; the record beneath is redrawn', async () => {
  const record = await openRecord();
  expect(viewText(record)).toContain('Sam Carter (Year 5, 5C): Harmed or at risk');
  expect(viewText(record)).toContain('Tom Okafor (Year 6, 6R): Instigator');
  expect(blockKitProblems(record, 'modal')).toEqual([]);

  const form = await pressInRecord(DSL_REF, record, 'pupil-link-change', 'Change a part');
  expect(blockKitProblems(form, 'modal')).toEqual([]);
  const sam = { type: 'static_select', selected_option: { value: SAM } };
  const noReason = await submit(
    form,
    { linkedPupil: { value: sam }, part: { value: { type: 'static_select', selected_option: { value: 'witness' } } }, reason: { value: { type: 'plain_text_input', value: '' } } },
    record.id,
  );
  expect(noReason.json).toEqual({ response_action: 'errors', errors: { reason: 'Please say why: the reason is kept in the record.' } });
  const incidentId = String(form.private_metadata).split('/')[1] as string;
  expect((await store().get<PupilLink>('links', SCHOOL, linkIdFor(incidentId, SAM)))?.part).toBe('harmed');

  const updates = harness.api.callsTo('views.update').length;
  const saved = await submit(
    form,
    {
      linkedPupil: { value: sam },
      part: { value: { type: 'static_select', selected_option: { value: 'witness' } } },
      reason: { value: { type: 'plain_text_input', value: 'A bystander, not the target.' } },
    },
    record.id,
  );
  expect(saved.status).toBe(200);
  const redraw = (await harness.api.waitFor('views.update', updates + 1)).at(-1);
  expect(redraw?.args.view_id).toBe(record.id);
  expect(viewText(redraw?.args.view)).toContain('Sam Carter (Year 5, 5C): Witness');

  // Add a pupil: the external select asks for matches as the lead types.
  const add = await pressInRecord(DSL_REF, redraw?.args.view ? { ...redraw.args.view, id: record.id } : record, 'pupil-link-add', 'Add a pupil');
  const suggest = (who: { id: string; name: string }, value: string) =>
    interaction(harness.slackUrl, {
      type: 'block_suggestion',
      team: { id: 'T0DEMO' },
      user: userOf(who),
      container: { type: 'view', view_id: add.id },
      action_id: 'pupil-link-search',
      block_id: 'pupilMatch',
      value,
      view: add,
    });
  const options = (await suggest(DSL_REF, 'shah')).json?.options;
  expect(options).toEqual([{ text: expect.objectContaining({ text: 'Priya Shah (Year 5, 5C)' }), value: PRIYA }]);
  expect((await suggest(SLACK_TEACHER, 'shah')).json?.options).toEqual([]);
  await submit(
    add,
    {
      pupilMatch: { 'pupil-link-search': externalState(PRIYA) },
      part: { value: { type: 'static_select', selected_option: { value: 'witness' } } },
      reason: { value: { type: 'plain_text_input', value: 'She saw the messages.' } },
    },
    record.id,
  );
  const links = await store().query<PupilLink>('links', { schoolId: SCHOOL });
  expect(links.map((l) => [l.pupilId, l.part]).sort()).toEqual([
    [SAM, 'witness'],
    [PRIYA, 'witness'],
    [TOM, 'instigator'],
  ]);
  // The teacher's search was refused and audited, by id only.
  const refused = (await store().query<AuditEvent>('audit', { schoolId: SCHOOL })).filter((a) => a.action === 'incident.pupil-link.add' && a.outcome === 'refused');
  expect(refused).toHaveLength(1);
  expect(JSON.stringify(refused)).not.toMatch(/Shah|Priya/);
});

test('a saved correction whose record cannot be drawn again says it is saved, never that nothing was changed', async () => {
  const record = await openRecord();
  const form = await pressInRecord(DSL_REF, record, 'pupil-link-change', 'Change a part');
  const incidentId = String(form.private_metadata).split('/')[1] as string;
  const real = store().query.bind(store());
  // The redraw reads the incident's messages; that read fails once the correction is saved.
  const failing = jest.spyOn(store(), 'query').mockImplementation((async (collection: string, query: { where?: Array<{ field: string }> }) => {
    if (collection === 'outbox' && query?.where?.some((w) => w.field === 'incidentId')) throw new Error('store unavailable');
    return real(collection as never, query as never);
  }) as never);
  const saved = await submit(
    form,
    {
      linkedPupil: { value: { type: 'static_select', selected_option: { value: SAM } } },
      part: { value: { type: 'static_select', selected_option: { value: 'witness' } } },
      reason: { value: { type: 'plain_text_input', value: 'A bystander, not the target.' } },
    },
    record.id,
  );
  failing.mockRestore();
  expect((await store().get<PupilLink>('links', SCHOOL, linkIdFor(incidentId, SAM)))?.part).toBe('witness');
  const notice = viewText(saved.json?.view);
  expect(notice).toContain('The correction is saved in the record.');
  expect(notice).toContain('do not save the form again');
  expect(notice).not.toMatch(/nothing (was|has been) changed/i);
});
