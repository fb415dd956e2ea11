import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FangateConfig } from '../fangate.config';
import { Currency } from './currency.entity';

/**
 * Currencies are a small reference table read on every user resource, so they are cached in
 * memory; a miss (a currency added since boot) reloads the table.
 */
@Injectable()
export class CurrenciesService implements OnApplicationBootstrap {
  private byId = new Map<number, Currency>();

  constructor(
    @InjectRepository(Currency) private readonly repo: Repository<Currency>,
    private readonly config: FangateConfig,
  ) {}

  /** DEFAULT_CURRENCY must exist; an unknown code is added rather than failing the boot. */
  async onApplicationBootstrap(): Promise<void> {
    const code = this.config.defaultCurrency;
    await this.repo.createQueryBuilder().insert().values({ code, name: code }).orIgnore().execute();
    await this.reload();
  }

  async findById(id: number): Promise<Currency | null> {
    if (!this.byId.has(id)) await this.reload();
    return this.byId.get(id) ?? null;
  }

  async defaultCurrency(): Promise<Currency> {
    const found = [...this.byId.values()].find((c) => c.code === this.config.defaultCurrency);
    if (found) return found;
    await this.onApplicationBootstrap();
    return [...this.byId.values()].find((c) => c.code === this.config.defaultCurrency)!;
  }

  private async reload(): Promise<void> {
    this.byId = new Map((await this.repo.find()).map((c) => [c.id, c]));
  }
}
