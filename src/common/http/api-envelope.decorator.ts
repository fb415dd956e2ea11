import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * Documents an `/api` success body: `{success: true, errors_message: null, data: <model>}`. Several
 * models: `data` is one of them (`/api/login`: the token, or a pending two-factor challenge).
 */
export function ApiEnvelopeResponse(
  model: Type<unknown> | readonly Type<unknown>[] | null,
  status = 200,
  isArray = false,
) {
  const models = model === null ? [] : Array.isArray(model) ? model : [model as Type<unknown>];
  const refs = models.map((m) => ({ $ref: getSchemaPath(m) }));
  const one = refs.length > 1 ? { oneOf: refs } : refs[0];
  const data = !one
    ? { type: 'object', nullable: true, enum: [null], example: null }
    : isArray
      ? { type: 'array', items: one }
      : one;
  return applyDecorators(
    ...(models.length ? [ApiExtraModels(...models)] : []),
    ApiResponse({
      status,
      schema: {
        type: 'object',
        required: ['success', 'errors_message', 'data'],
        properties: {
          success: { type: 'boolean', enum: [true], example: true },
          errors_message: { type: 'string', nullable: true, enum: [null], example: null },
          data,
        },
      },
    }),
  );
}
