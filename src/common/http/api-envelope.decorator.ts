import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';

/** Documents an `/api` success body: `{success: true, errors_message: null, data: <model>}`. */
export function ApiEnvelopeResponse(model: Type<unknown> | null, status = 200, isArray = false) {
  const data = model
    ? isArray
      ? { type: 'array', items: { $ref: getSchemaPath(model) } }
      : { $ref: getSchemaPath(model) }
    : { type: 'object', nullable: true, example: null };
  return applyDecorators(
    ...(model ? [ApiExtraModels(model)] : []),
    ApiResponse({
      status,
      schema: {
        type: 'object',
        properties: {
          success: { type: 'boolean', example: true },
          errors_message: { type: 'string', nullable: true, example: null },
          data,
        },
      },
    }),
  );
}
