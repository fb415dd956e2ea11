import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Page } from '../../../common/http/pagination';
import type { User } from '../../../users/user.entity';
import type { CreateBeatRequestDto } from './beat-request.dto';
import { BeatRequest } from './beat-request.entity';

@Injectable()
export class BeatRequestsService {
  constructor(@InjectRepository(BeatRequest) private readonly requests: Repository<BeatRequest>) {}

  create(user: User, dto: CreateBeatRequestDto): Promise<BeatRequest> {
    return this.requests.save(
      this.requests.create({
        userId: user.id,
        title: dto.title,
        budget: dto.budget === undefined ? null : dto.budget.toFixed(2),
        status: 'open',
      }),
    );
  }

  async listOwn(userId: number, page: Page): Promise<{ items: BeatRequest[]; total: number }> {
    const [items, total] = await this.requests.findAndCount({
      where: { userId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
    return { items, total };
  }
}
