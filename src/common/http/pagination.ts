import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Rules } from '../validation/fields';
import { M } from '../validation/messages';
import { Optional } from '../validation/rules';

/** `?page=&per_page=` (per_page at most 100), as GET /api/user/security-events reads them. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Rules(
    Type(() => Number),
    Optional(),
    IsInt({ message: M.integer }),
    Min(1, { message: M.between(1, 100000) }),
    Max(100000, { message: M.between(1, 100000) }),
  )
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Rules(
    Type(() => Number),
    Optional(),
    IsInt({ message: M.integer }),
    Min(1, { message: M.between(1, 100) }),
    Max(100, { message: M.between(1, 100) }),
  )
  per_page?: number;
}

export class PageMetaDto {
  @ApiProperty() page: number;
  @ApiProperty() per_page: number;
  @ApiProperty() total: number;
  @ApiProperty() last_page: number;
}

export interface Page {
  page: number;
  perPage: number;
  offset: number;
}

export const pageOf = (q: PageQueryDto): Page => {
  const page = q.page ?? 1;
  const perPage = q.per_page ?? 20;
  return { page, perPage, offset: (page - 1) * perPage };
};

export const pageMeta = (p: Page, total: number): PageMetaDto => ({
  page: p.page,
  per_page: p.perPage,
  total,
  last_page: Math.max(1, Math.ceil(total / p.perPage)),
});
