/**
 * `PLAYGROUND_PEOPLE=on` starts one Playground per demo role holder. The Playground refuses a config
 * file listing more than five other users and exits at once, so a holder who is not one of its own mock
 * users (the online-safety governor, the filtering lead…) never got a Playground. Every holder's config
 * must stay within that limit and never list the signed-in person as someone else.
 */
import { parse } from 'yaml';
import { playgroundConfig, playgroundPeople } from '../../src/app/playground-people';
import { shippedPack } from '../builders/temp-store';

it("every demo role holder's Playground config lists at most five other users, never themselves", () => {
  const people = playgroundPeople(shippedPack, 56000);
  // Holders outside the Playground's own users are the ones that used to fail.
  expect(people.some((p) => !/^user-id-[0-5]$/.test(p.teamsUserId))).toBe(true);
  for (const person of people) {
    const config = parse(playgroundConfig(person));
    expect(config.currentUser.id).toBe(person.teamsUserId);
    expect(config.users.length).toBeLessThanOrEqual(5);
    expect(config.users.map((u: { id: string }) => u.id)).not.toContain(person.teamsUserId);
  }
});
