import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AccountEvent, type AccountEventKind, type AccountEventMetadata } from './account-event';
import type { ClientDetails } from '../http/client-info';

/**
 * Publishes account events and waits for every listener: the security log entry exists before
 * the response leaves, and a listener that fails (the database is down) fails the request as a
 * direct call would.
 */
@Injectable()
export class AccountEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  async publish(
    kind: AccountEventKind,
    userId: number | null,
    client: ClientDetails | null,
    metadata?: AccountEventMetadata,
    transaction?: EntityManager,
  ): Promise<void> {
    const event = new AccountEvent(kind, userId, client, metadata, transaction);
    await this.emitter.emitAsync(event.name, event);
  }
}
