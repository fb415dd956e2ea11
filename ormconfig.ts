// The TypeORM CLI data source (`npm run migration:generate -- src/database/migrations/Name`).
// It needs a real server: DATABASE_URL, or the machine's PostgreSQL on 127.0.0.1.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source';
import { appSchema } from './src/core-schema';

export default new DataSource(
  dataSourceOptions({
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    schema: appSchema(),
  }),
);
