import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Role } from '../../../common/auth/role.enum';
import { likeTerm } from '../../../common/sql/like-term';
import { User } from '../../../users/user.entity';
import { Track } from '../tracks/track.entity';

const LIMIT = 20;

/** Case-insensitive substring search; wildcards in the query match literally. */
@Injectable()
export class SearchService {
  constructor(
    @InjectRepository(Track) private readonly tracks: Repository<Track>,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  findTracks(q: string): Promise<Track[]> {
    return this.tracks
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.producer', 'p')
      .where('t.title ILIKE :term', { term: likeTerm(q) })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(LIMIT)
      .getMany();
  }

  findArtists(q: string): Promise<User[]> {
    return this.users
      .createQueryBuilder('u')
      .where(':role = ANY(u.roles)', { role: Role.Producer })
      .andWhere(`(u.first_name || ' ' || u.last_name) ILIKE :term`, { term: likeTerm(q) })
      .orderBy('u.id', 'ASC')
      .take(LIMIT)
      .getMany();
  }
}
