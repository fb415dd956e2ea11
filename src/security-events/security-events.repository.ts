import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { SecurityEvent } from './security-event.entity';

@Injectable()
export class SecurityEventsRepository {
  constructor(@InjectRepository(SecurityEvent) private readonly repo: Repository<SecurityEvent>) {}

  /**
   * Appends one row, through the publisher's open transaction when there is one (required there:
   * the embedded database has a single connection, and the entry belongs to the same commit).
   */
  async insert(row: Omit<SecurityEvent, 'id'>, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(SecurityEvent) : this.repo).insert(row);
  }

  /** One page of the user's events, newest first, and the user's total. */
  findPageForUser(userId: number, skip: number, take: number): Promise<[SecurityEvent[], number]> {
    return this.repo.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip,
      take,
    });
  }
}
