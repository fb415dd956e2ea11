import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { Repository, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock/clock';
import { clientIp, clientUserAgent } from '../common/http/client-info';
import { SecurityEvent } from './security-event.entity';

export interface EventPage {
  items: SecurityEvent[];
  total: number;
}

/** Records who did what from where; any module may call record(). */
@Injectable()
export class SecurityEventsService {
  constructor(
    @InjectRepository(SecurityEvent) private readonly repo: Repository<SecurityEvent>,
    private readonly clock: Clock,
  ) {}

  async record(
    kind: string,
    userId: number | null,
    req: Request | null,
    metadata: SecurityEvent['metadata'] = {},
    /** Record inside the caller's transaction (required there: the embedded database has one connection). */
    manager?: EntityManager,
  ): Promise<void> {
    await (manager ? manager.getRepository(SecurityEvent) : this.repo).insert({
      kind,
      userId,
      ipAddress: req ? clientIp(req) : null,
      userAgent: req ? clientUserAgent(req) : null,
      metadata,
      createdAt: this.clock.now(),
    });
  }

  async listForUser(userId: number, page: number, perPage: number): Promise<EventPage> {
    const [items, total] = await this.repo.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
    return { items, total };
  }
}
