/**
 * The school's sanctions table: pupil categories A–D and staff categories A–B, each with its title, the
 * kind of breach it covers and what may be done. The pack's `sanctions:` is the trust's wording; a
 * school may word any category its own way under `schools[].sanctions`. A pack with no table gets the
 * built-in one below (the same framework, in the product's own words).
 */
import type { PolicyPack, SanctionsTable, School } from './schema';

/** The built-in sanctions table, for a pack that has none of its own. */
export const DEFAULT_SANCTIONS: SanctionsTable = {
  pupil: {
    A: {
      title: 'Category A: low-level misuse',
      meaning: 'A minor breach of the acceptable use agreement, such as a non-school site or a messaging app in a lesson, or a phone or email used without permission.',
      actions: ['Spoken to by the class teacher or tutor', 'Passed to the online safety lead', 'Warning recorded'],
    },
    B: {
      title: 'Category B: repeated or careless misuse',
      meaning: 'Misuse that carries on after a warning, or a serious breach that was not deliberate, such as sharing files without permission or finding offensive material and not telling anyone.',
      actions: [
        'Spoken to by the class teacher or tutor',
        'Passed to the online safety lead',
        'Internet access removed for a time',
        'Phone kept until the end of the day',
        'Parents or carers contacted',
      ],
    },
    C: {
      title: 'Category C: deliberate misuse',
      meaning:
        "A deliberate act that harms the school's systems or other people, such as getting round the filter, damaging or prying into others' work, online bullying, or seeking out or sending offensive material.",
      actions: [
        'Passed to the online safety lead',
        'Passed to the head teacher',
        'Internet access removed for a time',
        'Parents or carers contacted',
        'Sanction under the behaviour or anti-bullying policy',
      ],
    },
    D: {
      title: 'Category D: serious or possibly criminal misuse',
      meaning:
        'Serious misuse that goes on after warnings, or that may be a crime, such as persistent or severe online bullying, or getting, keeping or spreading illegal, violent or hateful material.',
      actions: [
        'Passed to the head teacher',
        'Parents or carers contacted',
        'Device or equipment removed',
        'Suspension or exclusion considered',
        "Passed to the police's schools officer",
        "Passed to the local authority's online safety officer",
      ],
    },
  },
  staff: {
    A: {
      title: 'Category A: misconduct',
      meaning:
        'A minor breach of the staff acceptable use policy, dealt with by the head teacher under the staff code of conduct, such as heavy personal use of the internet, sharing passwords, or posts that reflect badly on the school.',
      actions: ['Spoken to by the head teacher', 'Written warning from the head teacher'],
    },
    B: {
      title: 'Category B: gross misconduct',
      meaning:
        'A deliberate act that puts safety at risk or calls into question whether the person should work with children, such as hacking, knowingly breaking data protection rules, or seeking out offensive material.',
      actions: ['Passed to the head teacher', 'Equipment removed', 'Referred to the LADO or the police', 'Suspended while it is looked into', "Disciplinary action under the school's policies"],
    },
  },
};

/** The table a school uses: the pack's (or the built-in one), with each category the school words itself replaced. */
export function sanctionsFor(pack: Pick<PolicyPack, 'sanctions'>, school: Pick<School, 'sanctions'>): SanctionsTable {
  const base = pack.sanctions ?? DEFAULT_SANCTIONS;
  const own = school.sanctions;
  return {
    pupil: { ...base.pupil, ...own?.pupil },
    staff: { ...base.staff, ...own?.staff },
  };
}
