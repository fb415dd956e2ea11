import { ConflictException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { uniqueViolation } from '../../../common/errors/database-errors';
import type { Page } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import { CATALOG_ERRORS } from '../error-codes';
import type { Track } from '../tracks/track.entity';
import { Purchase } from './purchase.entity';

@Injectable()
export class PurchasesService {
  constructor(@InjectRepository(Purchase) private readonly purchases: Repository<Purchase>) {}

  /**
   * Starts a purchase at the track's current price. Idempotent while one is pending (the same
   * pending purchase comes back, `created: false`); 409 once the track is bought.
   */
  async initiate(buyer: User, track: Track): Promise<{ purchase: Purchase; created: boolean }> {
    const existing = await this.findOpen(buyer.id, track.id);
    if (existing?.status === 'completed') throw new ConflictException(CATALOG_ERRORS.ALREADY_PURCHASED);
    if (existing) return { purchase: this.withTrack(existing, track), created: false };
    try {
      const purchase = await this.purchases.save(
        this.purchases.create({
          userId: buyer.id,
          trackId: track.id,
          amount: track.price,
          status: 'pending',
        }),
      );
      return { purchase: this.withTrack(purchase, track), created: true };
    } catch (err) {
      // A concurrent initiation won the partial unique index: answer with its row.
      if (!uniqueViolation(err)) throw err;
      const winner = await this.findOpen(buyer.id, track.id);
      if (!winner) throw err;
      return { purchase: this.withTrack(winner, track), created: false };
    }
  }

  /** The caller's purchases only, newest first. */
  async listOwn(userId: number, page: Page): Promise<{ items: Purchase[]; total: number }> {
    const [items, total] = await this.purchases.findAndCount({
      where: { userId },
      relations: { track: { producer: true } },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
    return { items, total };
  }

  private findOpen(userId: number, trackId: number): Promise<Purchase | null> {
    return this.purchases.findOne({
      where: { userId, trackId, status: In(['completed', 'pending']) },
      // A completed purchase wins over a pending one.
      order: { status: 'ASC', id: 'DESC' },
    });
  }

  private withTrack(purchase: Purchase, track: Track): Purchase {
    purchase.track = track;
    return purchase;
  }
}
