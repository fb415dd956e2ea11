import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock/clock';
import type { AccountEvent } from '../common/events/account-event';
import type { SecurityEvent } from './security-event.entity';
import { SecurityEventsRepository } from './security-events.repository';

export interface EventPage {
  items: SecurityEvent[];
  total: number;
}

/** The security log's table: one row per account event, and the user's own page of them. */
@Injectable()
export class SecurityEventsService {
  constructor(
    private readonly repo: SecurityEventsRepository,
    private readonly clock: Clock,
  ) {}

  async record(event: AccountEvent): Promise<void> {
    await this.repo.insert(
      {
        kind: event.kind,
        userId: event.userId,
        ipAddress: event.client?.ip ?? null,
        userAgent: event.client?.userAgent ?? null,
        requestId: event.client?.requestId ?? null,
        metadata: event.metadata,
        createdAt: this.clock.now(),
      },
      event.transaction,
    );
  }

  async listForUser(userId: number, page: number, perPage: number): Promise<EventPage> {
    const [items, total] = await this.repo.findPageForUser(userId, (page - 1) * perPage, perPage);
    return { items, total };
  }
}
