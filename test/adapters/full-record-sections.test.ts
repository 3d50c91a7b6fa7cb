/**
 * The case file's sections on the full record, drawn by both platforms: a section with more buttons
 * than Teams puts in one row, or with one button id twice (one per pupil), must still make a card the
 * official parser accepts and a Slack modal Slack accepts (no action_id twice in one block, at most
 * 25 buttons a block). Found when an incident with a referral (seven decision buttons) or two pupils
 * (a "Change part" per pupil) would have made the record fail to open.
 */
import type { CaseSection } from '../../src/core/casefile/record-sections';
import { describeFullRecord } from '../../src/core/incidents/full-record-view';
import { fullRecordCardData } from '../../src/adapters/teams/cards/full-record-data';
import { renderCard } from '../../src/adapters/teams/cards/render-card';
import { fullRecordModal } from '../../src/adapters/slack/views/incident-modals';
import { blockKitProblems } from '../builders/block-kit-limits';
import { cardProblems, executes, incident } from './teams-card-fixtures';

const many: CaseSection = {
  id: 'decisions',
  heading: 'What was decided and done',
  lines: [{ text: 'Parents or carers informed: by phone' }],
  actions: ['Parents informed', 'Parents not told', 'Sanction', 'Referral details: Police', 'Referral details: LADO', 'LADO contact', 'Change type'].map((label, i) => ({
    action: i === 3 || i === 4 ? 'decision-referral' : `decision-${i}`,
    label,
    ref: i === 3 ? 'ref-0' : i === 4 ? 'ref-1' : undefined,
  })),
};
const perPupil: CaseSection = {
  id: 'pupils',
  heading: 'Pupils',
  lines: [{ text: 'A (Year 5, 5C): Witness' }, { text: 'B (Year 6, 6R): Harmed or at risk' }],
  actions: [
    { action: 'pupil-link-change', label: 'Change part: A', ref: 'pupil:upn:A1' },
    { action: 'pupil-link-change', label: 'Change part: B', ref: 'pupil:upn:B1' },
  ],
};

describe('case-file sections on the full record', () => {
  it('Teams: every button is drawn, at most five to a row, and the card passes the official parser', () => {
    const record = incident();
    const card = renderCard('full-record', fullRecordCardData(record, 'Oakfield', {}, undefined, [many, perPupil]));
    expect(cardProblems(card)).toEqual([]);
    const labels = executes(card).map((a) => a.title);
    for (const a of [...many.actions, ...perPupil.actions]) expect(labels).toContain(a.label);
    const sets = JSON.stringify(card).match(/"type":"ActionSet","actions":\[[^\]]*\]/g) ?? [];
    for (const set of sets) expect((set.match(/Action\.Execute/g) ?? []).length).toBeLessThanOrEqual(5);
    const referral = executes(card).find((a) => a.title === 'Referral details: LADO');
    expect(referral?.data).toEqual({ schoolId: record.schoolId, incidentId: record.id, ref: 'ref-1' });
  });

  it('Slack: no action_id twice in one actions block, and the modal is within Block Kit limits', () => {
    const record = incident();
    const modal = fullRecordModal(describeFullRecord(record, 'Oakfield'), [many, perPupil]);
    expect(blockKitProblems(modal, 'modal')).toEqual([]);
    const blocks = (modal.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).filter(
      (b) => b.type === 'actions' && b.elements?.some((e) => /^(decision|pupil)-/.test(e.action_id)),
    );
    for (const block of blocks) {
      const ids = (block.elements ?? []).map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const values = blocks.flatMap((b) => b.elements ?? []).map((e) => e.value);
    expect(values).toContain(`${record.schoolId}/${record.id}/pupil:upn:B1`);
    expect(blocks.flatMap((b) => b.elements ?? [])).toHaveLength(9);
  });
});
