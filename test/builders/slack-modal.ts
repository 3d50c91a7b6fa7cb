/**
 * Pressing a button inside an open Slack modal (the full record, a form), as the Slack client does:
 * a signed `block_actions` from the view, with the button's block id and value. `pushedBy` also waits
 * for the view the app pushed on top and returns it with the id Slack gave it.
 */
import type { FakeSlackApi } from '../fakes/fake-slack-api';
import { interaction, nextTrigger } from './slack-request';
import { buttonsIn } from './slack-user';

type Person = { id: string; name: string };
type Slack = { slackUrl: string; api: FakeSlackApi };

const userOf = (ref: Person) => ({ id: ref.id, username: ref.name, name: ref.name, team_id: 'T0DEMO' });

/** Presses the button `actionId` (whose words include `label`, if given) in `view`; fails the test if there is none. */
export async function pressInModal(slack: Slack, ref: Person, view: any, actionId: string, label?: string) {
  const button = buttonsIn(view.blocks).find((b) => b.action_id === actionId && (!label || JSON.stringify(b).includes(label)));
  expect(button).toBeDefined();
  return interaction(slack.slackUrl, {
    type: 'block_actions',
    team: { id: 'T0DEMO' },
    user: userOf(ref),
    trigger_id: nextTrigger(),
    container: { type: 'view', view_id: view.id },
    view: { ...view, type: 'modal', state: { values: {} } },
    actions: [{ type: 'button', action_id: button?.action_id, block_id: button?.block_id, value: button?.value, action_ts: `${Date.now() / 1000}` }],
  });
}

/** Presses a button in `view` and returns the view the app pushed on top, with its id. */
export async function pushedBy(slack: Slack, ref: Person, view: any, actionId: string, label?: string) {
  const before = slack.api.callsTo('views.push').length;
  await pressInModal(slack, ref, view, actionId, label);
  const pushed = (await slack.api.waitFor('views.push', before + 1)).at(-1);
  return { ...pushed?.args.view, id: pushed?.answer?.view?.id };
}
