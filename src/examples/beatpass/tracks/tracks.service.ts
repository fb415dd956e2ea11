import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Page } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import { Purchase } from '../purchases/purchase.entity';
import type { CreateTrackDto, UpdateTrackDto } from './track.dto';
import { Track } from './track.entity';

@Injectable()
export class TracksService {
  constructor(
    @InjectRepository(Track) private readonly tracks: Repository<Track>,
    @InjectRepository(Purchase) private readonly purchases: Repository<Purchase>,
  ) {}

  /** Newest first, each with its producer. */
  async list(page: Page): Promise<{ items: Track[]; total: number }> {
    const [items, total] = await this.tracks.findAndCount({
      relations: { producer: true },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
    return { items, total };
  }

  async create(producer: User, dto: CreateTrackDto): Promise<Track> {
    const track = await this.tracks.save(
      this.tracks.create({ producerId: producer.id, title: dto.title, price: (dto.price ?? 0).toFixed(2) }),
    );
    track.producer = producer;
    return track;
  }

  /** `track` comes from the policy with its producer loaded; only the given fields change. */
  async update(track: Track, dto: UpdateTrackDto): Promise<Track> {
    const changes: Partial<Track> = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.price !== undefined) changes.price = dto.price.toFixed(2);
    if (!Object.keys(changes).length) return track;
    await this.tracks.update({ id: track.id }, changes);
    const fresh = await this.tracks.findOneByOrFail({ id: track.id });
    return Object.assign(track, changes, { updatedAt: fresh.updatedAt });
  }

  /** Which of these tracks the user has bought (a completed purchase). */
  async purchasedIds(userId: number, trackIds: number[]): Promise<Set<number>> {
    if (!trackIds.length) return new Set();
    const rows = await this.purchases.find({
      select: { trackId: true },
      where: { userId, trackId: In(trackIds), status: 'completed' },
    });
    return new Set(rows.map((r) => r.trackId));
  }
}
