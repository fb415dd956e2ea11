import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fromCents, toCents } from '../../../common/http/money';
import type { ProducerDashboardDto } from './producer-dashboard.dto';

interface TrackFigures {
  id: number;
  title: string;
  sales: number;
  pending: number;
  revenue: string;
}

@Injectable()
export class ProducerDashboardService {
  constructor(private readonly db: DataSource) {}

  async forProducer(producerId: number): Promise<ProducerDashboardDto> {
    // One row per track of the producer with its completed sales, their sum and pending purchases.
    const rows = (await this.db.query(
      `SELECT t.id, t.title,
              count(p.id) FILTER (WHERE p.status = 'completed')::int AS sales,
              count(p.id) FILTER (WHERE p.status = 'pending')::int AS pending,
              coalesce(sum(p.amount) FILTER (WHERE p.status = 'completed'), 0)::text AS revenue
         FROM tracks t
         LEFT JOIN purchases p ON p.track_id = t.id
        WHERE t.producer_id = $1
        GROUP BY t.id`,
      [producerId],
    )) as TrackFigures[];
    const [{ followers }] = (await this.db.query(
      'SELECT count(*)::int AS followers FROM artist_follows WHERE artist_id = $1',
      [producerId],
    )) as { followers: number }[];

    const cents = rows.map((r) => ({ ...r, cents: toCents(r.revenue) }));
    const top = [...cents]
      .filter((r) => r.sales > 0)
      .sort((a, b) => b.cents - a.cents || b.sales - a.sales || a.id - b.id)
      .slice(0, 5);
    return {
      tracks_count: rows.length,
      sales_count: rows.reduce((n, r) => n + r.sales, 0),
      revenue: fromCents(cents.reduce((n, r) => n + r.cents, 0)),
      pending_purchases_count: rows.reduce((n, r) => n + r.pending, 0),
      followers_count: followers,
      top_tracks: top.map((r) => ({
        id: r.id,
        title: r.title,
        sales_count: r.sales,
        revenue: fromCents(r.cents),
      })),
    };
  }
}
