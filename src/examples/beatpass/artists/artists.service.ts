import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ValidationFailedException } from '../../../common/errors/app-exceptions';
import type { User } from '../../../users/user.entity';
import { CATALOG_ERRORS } from '../error-codes';
import { Track } from '../tracks/track.entity';
import { ArtistFollow } from './artist-follow.entity';

@Injectable()
export class ArtistsService {
  constructor(
    @InjectRepository(ArtistFollow) private readonly follows: Repository<ArtistFollow>,
    @InjectRepository(Track) private readonly tracks: Repository<Track>,
  ) {}

  async counts(artistId: number): Promise<{ tracks: number; followers: number }> {
    const [tracks, followers] = await Promise.all([
      this.tracks.countBy({ producerId: artistId }),
      this.follows.countBy({ artistId }),
    ]);
    return { tracks, followers };
  }

  /** Which of these artists the user follows. */
  async followedIds(userId: number, artistIds: number[]): Promise<Set<number>> {
    if (!artistIds.length) return new Set();
    const rows = await this.follows.find({
      select: { artistId: true },
      where: { followerId: userId, artistId: In(artistIds) },
    });
    return new Set(rows.map((r) => r.artistId));
  }

  /** Idempotent: following twice keeps one row. */
  async follow(user: User, artist: User): Promise<number> {
    if (user.id === artist.id) throw ValidationFailedException.field('artist', CATALOG_ERRORS.FOLLOW_SELF);
    await this.follows
      .createQueryBuilder()
      .insert()
      .values({ followerId: user.id, artistId: artist.id })
      .orIgnore()
      .execute();
    return this.follows.countBy({ artistId: artist.id });
  }

  async unfollow(user: User, artist: User): Promise<number> {
    await this.follows.delete({ followerId: user.id, artistId: artist.id });
    return this.follows.countBy({ artistId: artist.id });
  }
}
