import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { PageQueryDto, pageMeta, pageOf } from './pagination';

/** The first error message per field, as the app's ValidationPipe (stopAtFirstError) reports it. */
const errorsOf = (query: Record<string, unknown>) =>
  Object.fromEntries(
    validateSync(plainToInstance(PageQueryDto, query), { stopAtFirstError: true }).map((e) => [
      e.property,
      Object.values(e.constraints ?? {})[0],
    ]),
  );

describe('pageOf', () => {
  it('defaults to page 1 of 20', () => {
    expect(pageOf({})).toEqual({ page: 1, perPage: 20, offset: 0 });
  });

  it('skips the earlier pages', () => {
    expect(pageOf({ page: 3, per_page: 25 })).toEqual({ page: 3, perPage: 25, offset: 50 });
    expect(pageOf({ page: 2 })).toEqual({ page: 2, perPage: 20, offset: 20 });
    expect(pageOf({ per_page: 100 })).toEqual({ page: 1, perPage: 100, offset: 0 });
  });
});

describe('pageMeta', () => {
  it('counts the last page, rounding up', () => {
    expect(pageMeta(pageOf({ per_page: 20 }), 41)).toEqual({
      page: 1,
      per_page: 20,
      total: 41,
      last_page: 3,
    });
    expect(pageMeta(pageOf({ per_page: 20 }), 40).last_page).toBe(2);
    expect(pageMeta(pageOf({ per_page: 1 }), 7).last_page).toBe(7);
  });

  it('says last_page 1 (not 0) when there is nothing, as Laravel does', () => {
    expect(pageMeta(pageOf({}), 0)).toEqual({ page: 1, per_page: 20, total: 0, last_page: 1 });
  });

  it('echoes a page past the end as asked', () => {
    expect(pageMeta(pageOf({ page: 9, per_page: 10 }), 15)).toEqual({
      page: 9,
      per_page: 10,
      total: 15,
      last_page: 2,
    });
  });
});

describe('PageQueryDto', () => {
  it('turns query strings into numbers and accepts the bounds', () => {
    const q = plainToInstance(PageQueryDto, { page: '2', per_page: '100' });
    expect(q).toMatchObject({ page: 2, per_page: 100 });
    expect(errorsOf({ page: '2', per_page: '100' })).toEqual({});
    expect(errorsOf({ page: '100000', per_page: '1' })).toEqual({});
    expect(errorsOf({})).toEqual({});
  });

  it('refuses per_page above 100, zero or negative values, and non-integers, in Laravel wording', () => {
    expect(errorsOf({ per_page: '101' })).toEqual({
      per_page: 'The per page field must be between 1 and 100.',
    });
    expect(errorsOf({ per_page: '0' })).toEqual({
      per_page: 'The per page field must be between 1 and 100.',
    });
    expect(errorsOf({ page: '0' })).toEqual({ page: 'The page field must be between 1 and 100000.' });
    expect(errorsOf({ page: '100001' })).toEqual({ page: 'The page field must be between 1 and 100000.' });
    expect(errorsOf({ page: '1.5' })).toEqual({ page: 'The page field must be an integer.' });
    expect(errorsOf({ page: 'abc' })).toEqual({ page: 'The page field must be an integer.' });
  });
});
