import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { accountEventName, type AccountEvent } from '../common/events/account-event';
import { SecurityEventsService } from './security-events.service';

/** Every account event becomes a row of the append-only security log. */
@Injectable()
export class SecurityLogListener {
  constructor(private readonly events: SecurityEventsService) {}

  // suppressErrors off: a log entry that cannot be written fails the request (503), as before.
  @OnEvent(accountEventName('*'), { suppressErrors: false })
  record(event: AccountEvent): Promise<void> {
    return this.events.record(event);
  }
}
