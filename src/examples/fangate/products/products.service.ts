import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Page } from '../../../common/http/pagination';
import { parseIntId } from '../../../ownership/resource-id';
import type { User } from '../../../users/user.entity';
import type { CreateMediaDto, CreateProductDto, UpdateProductDto } from './product.dto';
import { ProductMedia } from './product-media.entity';
import { Product } from './product.entity';

@Injectable()
export class ProductsService {
  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    @InjectRepository(ProductMedia) private readonly media: Repository<ProductMedia>,
  ) {}

  async listOwn(creatorId: number, page: Page): Promise<{ items: Product[]; total: number }> {
    const [items, total] = await this.products.findAndCount({
      where: { creatorId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: page.offset,
      take: page.perPage,
    });
    return { items, total };
  }

  create(creator: User, dto: CreateProductDto): Promise<Product> {
    return this.products.save(
      this.products.create({
        creatorId: creator.id,
        title: dto.title,
        description: dto.description ?? null,
        price: (dto.price ?? 0).toFixed(2),
        status: dto.status ?? 'draft',
      }),
    );
  }

  async update(product: Product, dto: UpdateProductDto): Promise<Product> {
    const changes: Partial<Product> = {};
    if (dto.title !== undefined) changes.title = dto.title;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.price !== undefined) changes.price = dto.price.toFixed(2);
    if (dto.status !== undefined) changes.status = dto.status;
    if (!Object.keys(changes).length) return product;
    await this.products.update({ id: product.id }, changes);
    return this.products.findOneByOrFail({ id: product.id });
  }

  async remove(product: Product): Promise<void> {
    await this.products.delete({ id: product.id });
  }

  listMedia(productId: number): Promise<ProductMedia[]> {
    return this.media.find({ where: { productId }, order: { id: 'ASC' } });
  }

  addMedia(product: Product, dto: CreateMediaDto): Promise<ProductMedia> {
    return this.media.save(this.media.create({ productId: product.id, kind: dto.kind, url: dto.url }));
  }

  /** Scoped to the (already authorized) product: media of another product is a 404 here. */
  async removeMedia(product: Product, rawMediaId: string): Promise<void> {
    const id = parseIntId(rawMediaId);
    const result = id === null ? null : await this.media.delete({ id, productId: product.id });
    if (!result?.affected) throw new NotFoundException();
  }
}
