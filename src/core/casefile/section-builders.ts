/** The case file's section builders, in the order the full record shows them (each module adds its own here). */
import type { SectionBuilder } from './record-sections';
import { decisionsSection } from './decisions-section';
import { custodySection, evidenceSection } from './evidence-section';
import { exportSection } from './export-section';
import { sharingSection } from './sharing-section';
import { pupilsSection } from './pupils-section';

/** Every section builder, in the order the full record shows them. */
export const SECTION_BUILDERS: SectionBuilder[] = [pupilsSection, decisionsSection, sharingSection, evidenceSection, custodySection, exportSection];
