import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI description of `POST /predict` (documentation only: the body is parsed by libs/serving). */
export class PredictItemDoc {
  @ApiProperty({
    description: 'User id: a JSON number or a string of 1 to 20 digits, kept exact (19-digit numbers are not rounded).',
    oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]{1,20}$' }],
    example: 571535080,
  })
  user_id!: number | string;

  @ApiProperty({
    description: 'Product id: a JSON number or a string of 1 to 20 digits.',
    oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]{1,20}$' }],
    example: 12300394,
  })
  product_id!: number | string;

  @ApiPropertyOptional({
    description: 'Session (UUID). Left out: the user’s latest session in the online store.',
    format: 'uuid',
    example: '2f1d5e0a-9b1c-4d2e-8f3a-6b7c8d9e0f1a',
  })
  user_session?: string;
}

export class ItemPredictionDoc {
  @ApiProperty({ description: 'As sent, as an exact decimal string.', example: '571535080' })
  user_id!: string;

  @ApiProperty({ example: '12300394' })
  product_id!: string;

  @ApiProperty({ description: 'The session the features came from; null when the user has none.', nullable: true, type: String, example: '2f1d5e0a-9b1c-4d2e-8f3a-6b7c8d9e0f1a' })
  user_session!: string | null;

  @ApiProperty({
    description: 'Probability that the user buys this product later in the session; null when features is "missing".',
    nullable: true,
    type: Number,
    example: 0.0731,
  })
  probability!: number | null;

  @ApiProperty({
    description:
      'found: user, product, session and their triple are known; partial: some are (unknown counts are 0); ' +
      'missing: none is, and no probability is given (an unknown entity is never scored as zeros).',
    enum: ['found', 'partial', 'missing'],
    example: 'found',
  })
  features!: 'found' | 'partial' | 'missing';

  @ApiProperty({ description: 'Registered model name.', example: 'purchase-propensity' })
  model!: string;

  @ApiProperty({ description: 'Model version that made this prediction.', example: 3 })
  version!: number;
}

export class PredictResponseDoc {
  @ApiProperty({ type: [ItemPredictionDoc] })
  predictions!: ItemPredictionDoc[];
}

export class PredictIssueDoc {
  @ApiProperty({ example: '[0].user_id' })
  path!: string;
  @ApiPropertyOptional({ description: 'The value as received, cut to 100 characters.', example: '"12a"' })
  value?: string;
  @ApiProperty({ enum: ['json', 'array', 'min_items', 'object', 'unknown_field', 'required', 'id_type', 'digits', 'session_type', 'uuid'], example: 'digits' })
  rule!: string;
  @ApiProperty({ example: 'must be 1 to 20 decimal digits (a whole number, no sign, exponent or fraction)' })
  message!: string;
}

export class ErrorDoc {
  @ApiProperty({ example: 400 })
  statusCode!: number;
  @ApiProperty({ example: 'INVALID_PREDICT_REQUEST' })
  code!: string;
  @ApiProperty({ description: 'Whether the same request may succeed later.', example: false })
  retriable!: boolean;
  @ApiProperty({ example: 'invalid predict request: [0].user_id: must be 1 to 20 decimal digits' })
  message!: string;
  @ApiPropertyOptional({ type: [PredictIssueDoc], description: 'Every problem found (400 only).' })
  issues?: PredictIssueDoc[];
}
