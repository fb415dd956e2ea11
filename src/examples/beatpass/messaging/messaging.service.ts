import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Page } from '../../../common/http/pagination';
import { ConversationParticipant } from './conversation-participant.entity';
import { Conversation } from './conversation.entity';

@Injectable()
export class MessagingService {
  constructor(@InjectRepository(Conversation) private readonly conversations: Repository<Conversation>) {}

  /** Conversations the user takes part in (and only those), most recently active first. */
  async listOwn(userId: number, page: Page): Promise<{ items: Conversation[]; total: number }> {
    const [items, total] = await this.conversations
      .createQueryBuilder('c')
      .where((qb) => {
        const mine = qb
          .subQuery()
          .select('cp.conversation_id')
          .from(ConversationParticipant, 'cp')
          .where('cp.user_id = :userId', { userId })
          .getQuery();
        return `c.id IN ${mine}`;
      })
      .leftJoinAndSelect('c.participants', 'p')
      .leftJoinAndSelect('p.user', 'u')
      .orderBy('c.updated_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .skip(page.offset)
      .take(page.perPage)
      .getManyAndCount();
    return { items, total };
  }
}
