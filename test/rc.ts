import { renderCard } from '../src/adapters/teams/cards/render-card';
import { wizardCardData } from '../src/adapters/teams/cards/card-data';
import { views, REF } from './adapters/teams-card-fixtures';
for (const name of ['triage', 'question', 'details'] as const) {
  const data = wizardCardData((views as any)[name], REF);
  for (let i = 0; i < 500; i++) renderCard('wizard-step', data);
  const t = process.hrtime.bigint();
  for (let i = 0; i < 5000; i++) renderCard('wizard-step', data);
  console.log(name, Number(process.hrtime.bigint() - t) / 5000 / 1e6, 'ms', JSON.stringify(renderCard('wizard-step', data)).length);
}
