/** Bad input gets a clear answer and changes nothing: impossible dates, and over-long text counted truthfully. */
import { checkFields } from '../../src/core/wizard/field-rules';
import { formValues } from '../../src/core/wizard/form-values';
import type { WizardState } from '../../src/core/wizard/wizard-state';
import { shippedPack, tempDeps } from '../builders/temp-store';
import { walkReport } from '../builders/walk-wizard';
import { stepReport } from '../../src/core/incidents/report-wizard';

const school = shippedPack.schools[0]!;
const when = [{ id: 'when' as const, required: true }];
const NOW = new Date('2026-11-23T10:00:00Z');

describe('dates', () => {
  it.each(['2026-02-31', '2026-04-31T10:00', '2026-02-29', '2026-11-20T24:00', '2026-11-20T10:60'])('refuses %s, which does not exist', (value) => {
    expect(checkFields(when, { when: value }, school, NOW).when).toBe('That date does not exist. Please check it.');
  });
  it.each(['2026-02-28', '2024-02-29T09:30', '2026-11-20T23:59'])('accepts %s', (value) => {
    expect(checkFields(when, { when: value }, school, NOW).when).toBeUndefined();
  });

  it('an impossible date on the details step is a field error, and the report stays where it was', async () => {
    const { deps, cleanup } = await tempDeps();
    try {
      const { ref, outcome } = await walkReport(deps, 'online-bullying-of-pupil', { stopAt: 'details' });
      if (outcome.kind !== 'view') throw new Error('expected the details step');
      const before = await deps.store.get<WizardState>('wizards', ref.schoolId, ref.wizardId);
      const answer = await stepReport(
        deps,
        { ...ref, revision: outcome.view.revision },
        { platform: 'teams', userId: 'aad-teacher-1', name: 'Sam Teacher' },
        {
          action: 'next',
          values: formValues(Object.entries({ whenDate: '2026-02-31', whenTime: '10:00', description: 'Messages every evening.' })),
        },
      );
      if (answer.kind !== 'view') throw new Error('expected the step again');
      expect(answer.view.step).toBe('details');
      expect(answer.view.errors.when).toBe('That date does not exist. Please check it.');
      const after = await deps.store.get<WizardState>('wizards', ref.schoolId, ref.wizardId);
      expect(after?.step).toEqual(before?.step);
      expect(after?.revision).toBe(before?.revision);
    } finally {
      await cleanup();
    }
  });
});

describe('over-long text', () => {
  it('says "more than 10,000" for a 50,000-character answer, not the length it was cut to', () => {
    const values = formValues([['description', 'x'.repeat(50_000)]]);
    const message = checkFields([{ id: 'description', required: true }], values, school, NOW).description;
    expect(message).toBe('This is too long (more than 10,000 characters; the most is 4,000). Keep to the key facts.');
  });
  it('gives the true count when it is within what a form keeps', () => {
    const message = checkFields([{ id: 'description', required: true }], { description: 'y'.repeat(4_321) }, school, NOW).description;
    expect(message).toBe('This is too long (4,321 characters; the most is 4,000). Keep to the key facts.');
  });
});
