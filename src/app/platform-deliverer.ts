/**
 * Sends each queued message through the platform it belongs on (`deliveryPlatform`). A message for a
 * platform that is not configured here waits, never dropped, so it goes out once that platform is set up.
 */
import type { CoreDeps } from '../core/deps';
import { deliveryPlatform } from '../core/delivery/delivery-platform';
import type { Deliverer, DeliveryResult } from '../core/delivery/dispatch-outbox';
import type { OutboxMessage } from '../core/delivery/outbox';
import type { Incident } from '../core/incidents/incident';
import type { Stored } from '../ports/document-store';

export class PlatformDeliverer implements Deliverer {
  constructor(
    private readonly deps: CoreDeps,
    private readonly byPlatform: Partial<Record<'teams' | 'slack', Deliverer>>,
  ) {}

  async deliver(message: Stored<OutboxMessage>): Promise<DeliveryResult> {
    const incident = message.incidentId ? await this.deps.store.get<Incident>('incidents', message.schoolId, message.incidentId) : undefined;
    const platform = deliveryPlatform(message, incident) ?? 'teams';
    const deliverer = this.byPlatform[platform];
    if (!deliverer) return { kind: 'retry', reason: `${platform} is not configured on this server`, afterMs: 15 * 60_000 };
    return deliverer.deliver(message);
  }
}
